// Summaries used by bench/run.mjs: medians with min–max, ratios, formatting.
export function summary(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

export function fmt(value, digits = 1) {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const d = abs >= 1000 ? 0 : abs >= 100 ? Math.min(digits, 1) : digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

export const range = (s, digits = 1) =>
  `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;

/** How many times larger the peer's median is than ours: > 1 means ours is lower (better). */
export const ratio = (peer, ours) => (ours.median > 0 ? peer.median / ours.median : Number.NaN);

export const times = (value) => (Number.isFinite(value) ? `${fmt(value, value < 10 ? 2 : 1)}×` : '–');

/** Flattens a micro-benchmark's JSON into rows; {median,min,max} objects become one "m (min–max)" cell. */
export function flatten(value, prefix = '') {
  if (value && typeof value === 'object' && 'median' in value && 'min' in value && 'max' in value)
    return [[prefix, range(value, 3)]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, v]) => flatten(v, prefix ? `${prefix}.${key}` : key));
  return [[prefix, typeof value === 'number' ? fmt(value, 3) : String(value)]];
}
