import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';

/**
 * The helper's program. Node spawns a command by fork(), which copies the page tables of the whole
 * process and blocks its event loop until the command has exec'd: in a worker with 100+ MB resident
 * that is most of the cost of a `run: exit 0` step. This small process does the fork instead (it has
 * a fraction of the memory, and it blocks only itself) and relays each command's output and exit.
 */
const helperSource = `
const { spawn } = require('node:child_process');
const send = (message) => { if (process.connected) process.send(message); };
process.on('message', (m) => {
  let child;
  try {
    child = spawn(m.shell, m.args, { cwd: m.cwd, env: m.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    send({ id: m.id, type: 'error', message: error.message });
    return;
  }
  if (child.pid !== undefined) send({ id: m.id, type: 'spawn', pid: child.pid });
  child.stdout.setEncoding('utf8').on('data', (data) => send({ id: m.id, type: 'stdout', data }));
  child.stderr.setEncoding('utf8').on('data', (data) => send({ id: m.id, type: 'stderr', data }));
  child.on('error', (error) => send({ id: m.id, type: 'error', message: error.message }));
  child.on('close', (code, signal) => send({ id: m.id, type: 'close', code, signal }));
});
process.on('disconnect', () => process.exit(0));
`;

type HelperMessage =
  | { id: number; type: 'spawn'; pid: number }
  | { id: number; type: 'stdout' | 'stderr'; data: string }
  | { id: number; type: 'error'; message: string }
  | { id: number; type: 'close'; code: number | null; signal: NodeJS.Signals | null };

export interface SpawnRequest {
  shell: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A command started through the helper, in its own process group (a new session), with these
 * events: `spawn` (pid), `stdout` / `stderr` (text), `error` (Error: could not start, or the helper
 * died), `close` (code, signal).
 */
export type HelperCommand = EventEmitter;

let helper: ChildProcess | undefined;
let nextId = 0;
const commands = new Map<number, HelperCommand>();

function startHelper(): ChildProcess {
  // spawn, not fork: the helper gets none of this process's flags (a profiler, a test runner's loader).
  const child: ChildProcess = spawn(process.execPath, ['-e', helperSource], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.on('message', (message: HelperMessage) => {
    const command = commands.get(message.id);
    if (!command) return;
    switch (message.type) {
      case 'spawn':
        command.emit('spawn', message.pid);
        return;
      case 'stdout':
      case 'stderr':
        command.emit(message.type, message.data);
        return;
      case 'error':
        commands.delete(message.id);
        settle();
        command.emit('error', new Error(message.message));
        return;
      case 'close':
        commands.delete(message.id);
        settle();
        command.emit('close', message.code, message.signal);
        return;
    }
  });
  const gone = () => {
    if (helper !== child) return;
    helper = undefined;
    const orphans = [...commands.values()];
    commands.clear();
    for (const command of orphans)
      command.emit('error', new Error('the process that starts commands exited'));
  };
  child.on('exit', gone);
  child.on('error', gone);
  child.unref();
  child.channel?.unref();
  return child;
}

/** The helper keeps this process alive only while one of its commands runs, as a child process would. */
function settle(): void {
  if (commands.size === 0) helper?.channel?.unref();
}

/** Starts `shell args…` through the helper (started on first use, restarted if it died). */
export function spawnThroughHelper(request: SpawnRequest): HelperCommand {
  helper ??= startHelper();
  const id = nextId++;
  const command = new EventEmitter();
  commands.set(id, command);
  helper.channel?.ref();
  helper.send({ id, ...request }, (error) => {
    if (!error || !commands.delete(id)) return;
    settle();
    command.emit('error', error);
  });
  return command;
}
