// Helpers shared by the workload child processes: each workload runs in its own process so that
// /proc/self/io and peak RSS belong to one engine only, and prints one JSON line as its result.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bytes this process has asked the kernel to write (`wchar`) and bytes sent to the block layer. */
export function procIo() {
  const text = readFileSync('/proc/self/io', 'utf8');
  const field = (name) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { wchar: field('wchar'), writeBytes: field('write_bytes') };
}

export const now = () => performance.now();

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

export function tempDir(label) {
  const dir = mkdtempSync(join(tmpdir(), `ax-peer-${label}-`));
  return {
    dir,
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function argValue(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}

/** The last stdout line of a workload is its result, so logging by the peers cannot corrupt it. */
export function emit(result) {
  process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`);
}

export const stepKey = (i) => `s${i}`;
export const stepIndex = (key) => Number(key.slice(1));
