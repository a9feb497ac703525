import { type ChildProcess, spawn } from 'node:child_process';
import type { ModelMessage } from 'ai';
import { EventChannel } from './event-channel.js';
import type {
  AdapterCall,
  AdapterResult,
  AdapterStreamPart,
  HealthCheckResult,
  ProviderAdapter,
} from './provider-adapter.js';
import { ProviderAuthError, ProviderNotConfiguredError, ProviderServerError } from './provider-errors.js';

export interface CliAdapterOptions {
  name: string;
  /** The executable, looked up on PATH (`claude`, `gemini`, `codex`); never run through a shell. */
  command: string;
  /** Arguments; `{model}` in an argument is replaced by the model id. The prompt goes to stdin. */
  args?: string[];
  /** Label for answers and accounting, e.g. `claude-code`; CLI tools are not priced per token here. */
  defaultModel: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** After SIGTERM on timeout or cancel, SIGKILL follows this many ms later. Default 2000. */
  killGraceMs?: number;
}

/**
 * Runs a coding CLI many users already pay for as a provider: the prompt on stdin, the answer from
 * stdout. The process gets its own process group so that a timeout or cancel kills the CLI and
 * everything it started, not just the top process. Token usage is estimated (4 characters a token)
 * because these tools do not report it on stdout.
 */
export function createCliAdapter(options: CliAdapterOptions): ProviderAdapter {
  const run = (call: AdapterCall, channel: EventChannel<AdapterStreamPart>) => {
    const prompt = renderPrompt(call.messages);
    const args = (options.args ?? []).map((arg) => arg.replaceAll('{model}', call.model));
    let child: ChildProcess;
    try {
      child = spawn(options.command, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        shell: false,
      });
    } catch (error) {
      channel.fail(spawnError(options, error));
      return;
    }
    let text = '';
    let stderr = '';
    let settled = false;
    const kill = () => killGroup(child, options.killGraceMs ?? 2000);
    const onAbort = () => {
      kill();
      if (!settled) {
        settled = true;
        channel.fail(call.signal.reason ?? new Error('cancelled'));
      }
    };
    if (call.signal.aborted) onAbort();
    call.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      channel.push({ type: 'text-delta', text: chunk });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', (error) => {
      call.signal.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      channel.fail(spawnError(options, error));
    });
    child.on('close', (code, signal) => {
      call.signal.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      if (code === 0) {
        const usage = { inputTokens: Math.ceil(prompt.length / 4), outputTokens: Math.ceil(text.length / 4) };
        channel.push({ type: 'finish', finishReason: 'stop', usage });
        channel.close();
        return;
      }
      channel.fail(exitError(options, code, signal, stderr));
    });
    // A CLI that exits before reading stdin makes the write fail with EPIPE; its exit code says why.
    child.stdin?.on('error', () => {});
    child.stdin?.end(prompt);
  };

  return {
    name: options.name,
    kind: 'cli',
    defaultModel: options.defaultModel,
    simulated: false,

    stream(call: AdapterCall): AsyncIterable<AdapterStreamPart> {
      const channel = new EventChannel<AdapterStreamPart>();
      run(call, channel);
      return channel;
    },

    async generate(call: AdapterCall): Promise<AdapterResult> {
      let text = '';
      for await (const part of this.stream(call)) {
        if (part.type === 'text-delta') text += part.text;
        else if (part.type === 'finish') {
          return { text: text.trim(), toolCalls: [], finishReason: part.finishReason, usage: part.usage };
        }
      }
      throw new ProviderServerError(`${options.name}: ${options.command} produced no result`, {
        provider: options.name,
      });
    },

    async healthCheck(signal?: AbortSignal): Promise<HealthCheckResult> {
      const started = performance.now();
      return new Promise((resolve) => {
        const child = spawn(options.command, ['--version'], {
          stdio: 'ignore',
          shell: false,
          detached: true,
        });
        const onAbort = () => killGroup(child, 0);
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (ok: boolean, detail?: string) => {
          signal?.removeEventListener('abort', onAbort);
          const latencyMs = performance.now() - started;
          resolve(detail === undefined ? { ok, latencyMs } : { ok, latencyMs, detail });
        };
        child.on('error', (error) => done(false, spawnError(options, error).message));
        child.on('close', (code) =>
          code === 0 ? done(true) : done(false, `${options.command} --version exited ${code}`),
        );
      });
    },
  };
}

/** One text prompt from a conversation: CLIs take a single prompt, so roles become labelled sections. */
export function renderPrompt(messages: readonly ModelMessage[]): string {
  const only = messages[0];
  if (messages.length === 1 && only?.role === 'user' && typeof only.content === 'string') return only.content;
  return messages
    .map((message) => {
      const content =
        typeof message.content === 'string'
          ? message.content
          : message.content.map((part) => ('text' in part ? part.text : JSON.stringify(part))).join('\n');
      return `${message.role.toUpperCase()}:\n${content}`;
    })
    .join('\n\n');
}

function killGroup(child: ChildProcess, graceMs: number): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  if (graceMs <= 0) {
    signalGroup('SIGKILL');
    return;
  }
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  timer.unref();
  child.once('close', () => clearTimeout(timer));
}

function spawnError(options: CliAdapterOptions, error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') {
    return new ProviderNotConfiguredError(
      `${options.name}: command ${options.command} was not found on PATH; install it or set providers.${options.name}.command`,
      { provider: options.name, cause: error },
    );
  }
  return new ProviderServerError(`${options.name}: cannot start ${options.command}: ${String(error)}`, {
    provider: options.name,
    cause: error,
    code: 'cli-start-failed',
  });
}

function exitError(
  options: CliAdapterOptions,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): Error {
  const tail = stderr.trim().split('\n').slice(-3).join(' | ');
  const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
  if (/not logged in|log ?in|unauthori[sz]ed|api key|authenticat/i.test(stderr)) {
    return new ProviderAuthError(
      `${options.name}: ${options.command} ${how}: ${tail}; log the CLI in first`,
      {
        provider: options.name,
      },
    );
  }
  return new ProviderServerError(`${options.name}: ${options.command} ${how}${tail ? `: ${tail}` : ''}`, {
    provider: options.name,
    code: 'cli-failed',
  });
}
