export const logFormats = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof logFormats)[number];

const hiddenFields = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component']);

/**
 * One pino JSON line as a person reads it on a terminal: `12:03:04 INFO  run completed  state=completed`.
 * Fields keep their names (so a line can still be grepped for `executionId=`); nested values stay JSON.
 * A line that is not JSON (it never should be) passes through unchanged rather than being lost.
 */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const level = String(record.level ?? '').toUpperCase();
  const fields = Object.entries(record)
    .filter(([name, value]) => !hiddenFields.has(name) && value !== undefined)
    .map(
      ([name, value]) =>
        `${name}=${typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value)}`,
    );
  const who = typeof record.component === 'string' ? `${record.component}: ` : '';
  return `${[time, level.padEnd(5), `${who}${String(record.msg ?? '')}`, ...fields].filter(Boolean).join('  ')}\n`;
}

/** `auto` is human lines on a terminal and JSON everywhere else (a pipe, a file, a log collector). */
export function resolveLogFormat(format: LogFormat, toTerminal: boolean): 'pretty' | 'json' {
  if (format !== 'auto') return format;
  return toTerminal ? 'pretty' : 'json';
}
