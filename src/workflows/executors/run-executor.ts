import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isPosixShell, shellScript } from '../shell-script.js';
import type { StepExecutionContext, StepExecutor, StepResult } from '../step-executor.js';
import { compileTemplateCached } from '../template.js';
import { StepFailedError } from '../workflow-errors.js';
import { signalProcessGroup } from './process-group.js';
import { type HelperCommand, type SpawnRequest, spawnThroughHelper } from './spawn-helper.js';

export interface RunExecutorOptions {
  /** Shell used for `run` commands unless a step names its own. */
  shell?: string;
  /** Time between SIGTERM and SIGKILL when a step is aborted. */
  killGraceMs?: number;
  /** stdout kept as the step's output; more is cut, with a note. */
  maxOutputBytes?: number;
  /**
   * Start commands through a small helper process instead of forking this one (see spawn-helper.ts):
   * for a long-lived process with much memory and many steps, such as `ax worker`. Costs one extra
   * Node process, started on the first step.
   */
  throughHelper?: boolean;
}

/**
 * Runs `run:` steps as shell commands in their own process group, so an abort, a timeout, a pause or a
 * cancel stops the command and everything it started. The step's output is its trimmed stdout; named
 * outputs are `name=value` lines the command appends to the file at `$AX_OUTPUT`.
 */
export function createRunExecutor(options: RunExecutorOptions = {}): StepExecutor {
  const killGraceMs = options.killGraceMs ?? 2_000;
  const maxOutputBytes = options.maxOutputBytes ?? 1024 * 1024;
  const throughHelper = options.throughHelper ?? false;
  return {
    async execute(context: StepExecutionContext): Promise<StepResult> {
      const spec = typeof context.step.run === 'string' ? { command: context.step.run } : context.step.run!;
      const shell = spec.shell ?? options.shell ?? '/bin/sh';
      // Expressions never become shell text: each value reaches a POSIX shell as an environment variable.
      // Another interpreter (`shell: python3`) gets the rendered text; `ax workflow validate` warns.
      const script = isPosixShell(shell)
        ? shellScript(compileTemplateCached(spec.command), context.expressions)
        : { script: context.render(spec.command), variables: {} };
      const cwd = spec.cwd === undefined ? process.cwd() : resolve(context.render(spec.cwd));
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const [name, value] of Object.entries(spec.env ?? {})) env[name] = context.render(value);
      const outputDir = mkdtempSync(join(tmpdir(), 'ax-step-'));
      const outputFile = join(outputDir, 'outputs');
      Object.assign(env, {
        AX_EXECUTION_ID: context.executionId,
        AX_STEP_KEY: context.key,
        AX_ATTEMPT: String(context.attempt),
        AX_IDEMPOTENCY_KEY: context.idempotencyKey,
        AX_OUTPUT: outputFile,
        ...script.variables,
      });
      try {
        const stdout = await runCommand(context, shell, script.script, cwd, env, {
          killGraceMs,
          maxOutputBytes,
          throughHelper,
        });
        const outputs = readOutputs(outputFile);
        return { output: stdout, ...(outputs ? { outputs } : {}) };
      } finally {
        // Off the event loop: a synchronous recursive remove per step held up every other run in a worker.
        await rm(outputDir, { recursive: true, force: true });
      }
    },
  };
}

function runCommand(
  context: StepExecutionContext,
  shell: string,
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  limits: { killGraceMs: number; maxOutputBytes: number; throughHelper: boolean },
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (context.signal.aborted) {
      reject(context.signal.reason);
      return;
    }
    const request = { shell, args: ['-c', command], cwd, env };
    const child = limits.throughHelper ? spawnThroughHelper(request) : spawnDirectly(request);
    let pid: number | undefined;
    let stdout = '';
    let truncated = false;
    let stderrTail = '';
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      // Before the pid is known there is nothing to signal yet: `spawn` calls this again.
      if (pid === undefined) return;
      signalProcessGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => signalProcessGroup(pid!, 'SIGKILL'), limits.killGraceMs);
    };
    context.signal.addEventListener('abort', onAbort, { once: true });
    child.on('spawn', (started: number) => {
      pid = started;
      context.recordProcess(started);
      if (context.signal.aborted) onAbort();
    });
    child.on('stdout', (chunk: string) => {
      if (stdout.length < limits.maxOutputBytes) stdout += chunk;
      else truncated = true;
      for (const line of chunk.split('\n')) if (line !== '') context.log(line, 'stdout');
    });
    child.on('stderr', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4_000);
      for (const line of chunk.split('\n')) if (line !== '') context.log(line, 'stderr');
    });
    child.on('error', (error: Error) => {
      context.signal.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      reject(
        new StepFailedError(`step '${context.key}' could not start ${shell}: ${error.message}`, context.key, {
          cause: error,
        }),
      );
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      context.signal.removeEventListener('abort', onAbort);
      clearTimeout(killTimer);
      if (context.signal.aborted) {
        reject(context.signal.reason);
        return;
      }
      if (code === 0) {
        const output = stdout.slice(0, limits.maxOutputBytes).trimEnd();
        resolvePromise(truncated ? `${output}\n[output cut at ${limits.maxOutputBytes} bytes]` : output);
        return;
      }
      const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
      const detail =
        stderrTail.trim() === '' ? '' : `: ${stderrTail.trim().split('\n').slice(-5).join(' | ')}`;
      reject(new StepFailedError(`step '${context.key}' ${how}${detail}`, context.key));
    });
  });
}

/** `spawn` in this process, with the events of a command started through the helper. */
function spawnDirectly(request: SpawnRequest): HelperCommand {
  const events = new EventEmitter();
  const child = spawn(request.shell, request.args, {
    cwd: request.cwd,
    env: request.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.once('spawn', () => events.emit('spawn', child.pid));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => events.emit('stdout', chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => events.emit('stderr', chunk));
  child.once('error', (error) => events.emit('error', error));
  child.once('close', (code, signal) => events.emit('close', code, signal));
  return events;
}

/** Reads `name=value` lines a step appended to `$AX_OUTPUT`; a later line overrides an earlier one. */
function readOutputs(file: string): Record<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const outputs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at).trim()] = line.slice(at + 1);
  }
  return outputs;
}
