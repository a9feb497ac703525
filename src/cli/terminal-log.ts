import type { LogFormat } from '../logging/index.js';

/** A part of the terminal redrawn in place (the live progress view), which log lines must not tear. */
export interface LiveArea {
  clear(): void;
  redraw(): void;
}

let liveArea: LiveArea | undefined;
let formatFlag: LogFormat | undefined;

/**
 * While a live view holds the terminal, each log line is written above it: the view is cleared, the
 * line printed, the view redrawn, so a log line never lands inside the progress display.
 */
export function claimTerminal(area: LiveArea): () => void {
  liveArea = area;
  return () => {
    if (liveArea === area) liveArea = undefined;
  };
}

/** Where the CLI's log goes when it goes to stderr. */
export const terminalLogDestination = {
  write(line: string): void {
    liveArea?.clear();
    process.stderr.write(line);
    liveArea?.redraw();
  },
};

/** `--log-format`, a global option: recorded before the command's action runs, read by its logger. */
export function setLogFormatFlag(format: LogFormat | undefined): void {
  formatFlag = format;
}

export function logFormatFlag(): LogFormat | undefined {
  return formatFlag;
}
