import { spawn } from 'node:child_process';
export interface RunProcessOptions {
  cwd: string;
  timeoutMs: number;
  /** Bytes kept from stdout and from stderr each; the rest is counted and dropped. */
  maxOutputBytes: number;
  signal?: AbortSignal;
  env: Record<string, string>;
  /** Between SIGTERM and SIGKILL of the process group. */
  killGraceMs?: number;
}

export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when the output cap dropped bytes. */
  truncated: boolean;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

/**
 * Runs a program in its own process group (`detached`), so that on timeout or abort the whole
 * group — the shell and everything it started — is terminated, and children left behind by a command
 * that backgrounded them are killed when the shell exits. Output is capped while it streams, so a
 * command printing gigabytes costs no more memory than the cap.
 */
export function runProcess(
  file: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = new CappedBuffer(options.maxOutputBytes);
    const err = new CappedBuffer(options.maxOutputBytes);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2_000);
      killTimer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // When the shell exits, background children it left would keep the pipes (and us) waiting.
    child.on('exit', () => killGroup('SIGKILL'));
    const finish = (exitCode: number | null, signal: string | null, spawnError?: Error) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolvePromise({
        exitCode,
        signal,
        stdout: out.text(),
        stderr: spawnError ? `${err.text()}${spawnError.message}` : err.text(),
        truncated: out.dropped > 0 || err.dropped > 0,
        timedOut,
        aborted,
        durationMs: Math.round(performance.now() - started),
      });
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

class CappedBuffer {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  dropped = 0;

  constructor(readonly cap: number) {}

  push(chunk: Buffer): void {
    const room = this.cap - this.#kept;
    if (room > 0) {
      const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
      this.#chunks.push(part);
      this.#kept += part.length;
    }
    this.dropped += Math.max(0, chunk.length - Math.max(0, room));
  }

  text(): string {
    const body = Buffer.concat(this.#chunks).toString('utf8');
    return this.dropped > 0 ? `${body}\n[output truncated: ${this.dropped} more bytes not shown]` : body;
  }
}
