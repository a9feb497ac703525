import { createServer, type Server } from 'node:http';
import { Command, Option } from 'commander';
import { InvalidInputError } from '../errors/index.js';
import type { WorkflowEngine, WorkflowEvent } from '../workflows/index.js';

interface WorkerOptions {
  concurrency: number;
  queue?: string;
  healthPort?: number;
  graceMs: number;
}

/** `ax worker`: runs queued workflow runs from Redis, with their state in PostgreSQL. */
export function workerCommand(): Command {
  return new Command('worker')
    .description('run queued workflow runs (needs DATABASE_URL=postgres://… and REDIS_URL=redis://…)')
    .option('-c, --concurrency <n>', 'runs in flight at once in this worker', positiveInteger, 8)
    .option('-q, --queue <name>', 'queue to take runs from (default: $AX_QUEUE or automatosx)')
    .addOption(
      new Option('--health-port <port>', 'serve GET /healthz on this port (0: any free port)').argParser(
        port,
      ),
    )
    .option(
      '--grace-ms <ms>',
      'on SIGTERM, how long to let runs in flight finish before handing them back',
      positiveInteger,
      30_000,
    )
    .addHelpText(
      'after',
      '\nExample:\n  DATABASE_URL=postgres://ax@db/ax REDIS_URL=redis://queue:6379 ax worker --concurrency 16 --health-port 9464\n' +
        '\nTimings (milliseconds, environment): AX_WORKER_LOCK_MS (job lock, 300), AX_WORKER_LOCK_RENEW_MS\n' +
        '(lock renewal, a third of the lock), AX_WORKER_STALLED_MS (stalled-job check, 100),\n' +
        'AX_LEASE_MS (run lease, 3000), AX_RECONCILE_MS (re-enqueue pass, 1000).',
    )
    .action(async (options: WorkerOptions) => {
      await runWorker(options);
    });
}

async function runWorker(options: WorkerOptions): Promise<void> {
  const [{ resolveDispatchSettings, createWorkflowWorker }, { openWorkflowStore, resolveDatabasePath }] =
    await Promise.all([import('../dispatch/index.js'), import('../store/index.js')]);
  const settings = resolveDispatchSettings(process.env, options.queue ? { queue: options.queue } : {});
  if (!settings) {
    throw new InvalidInputError(
      'ax worker needs DATABASE_URL=postgres://… (run state) and REDIS_URL=redis://… (the queue); see docs/production-deployment.md',
      { code: 'worker-needs-services' },
    );
  }
  const [
    { createConfiguredEngine },
    { createWorkflowRuntime, usesModels },
    { createRunExecutor, deserializeWorkflow },
  ] = await Promise.all([
    import('./configured-engine.js'),
    import('../runtime/workflow-runtime.js'),
    import('../workflows/index.js'),
  ]);
  const store = openWorkflowStore();
  const log = createWorkerLog(process.stdout);
  const engineOptions = {
    store,
    leaseTtlMs: settings.leaseMs,
    maxConcurrentRuns: options.concurrency,
  };
  // A worker is long-lived, holds many runs and forks a shell per `run:` step: a small helper process
  // does the forking, so the worker's own memory is not copied per step nor its event loop held up.
  const run = createRunExecutor({ throughHelper: true });
  const shellEngine = createConfiguredEngine({ ...engineOptions, executors: { run } });
  let modelEngine: Promise<WorkflowEngine> | undefined;
  const closers: (() => Promise<void>)[] = [];
  const attach = (engine: WorkflowEngine) => engine.on((event) => log.event(event));
  // Stored workflows are content-addressed (the id is a hash of the definition), so whether one needs
  // the model providers is worked out once per workflow, not by loading and parsing it for every run.
  const modelsByWorkflow = new Map<string, boolean>();
  const needsModels = async (executionId: string): Promise<boolean> => {
    const workflowId = (await store.getExecution(executionId))?.workflowId;
    if (workflowId === undefined) return false;
    let needs = modelsByWorkflow.get(workflowId);
    if (needs === undefined) {
      const stored = await store.getWorkflow(workflowId);
      needs = stored !== undefined && usesModels(deserializeWorkflow(stored.definition));
      modelsByWorkflow.set(workflowId, needs);
    }
    return needs;
  };
  attach(shellEngine);
  const worker = createWorkflowWorker({
    settings,
    store,
    concurrency: options.concurrency,
    onLog: (level, fields, message) => log.line(level, fields, message),
    async engineFor(executionId) {
      if (!(await needsModels(executionId))) return shellEngine;
      // Agent and prompt steps need the providers: built once, on the first run that has such steps.
      modelEngine ??= createWorkflowRuntime(undefined, resolveDatabasePath()).then((runtime) => {
        closers.push(() => runtime.close());
        const engine = createConfiguredEngine({ ...engineOptions, executors: { ...runtime.executors, run } });
        attach(engine);
        return engine;
      });
      return modelEngine;
    },
  });
  const health = options.healthPort === undefined ? undefined : await serveHealth(options.healthPort, worker);
  log.line(
    'info',
    {
      worker: worker.name,
      queue: settings.queue,
      concurrency: options.concurrency,
      ...(health ? { healthPort: health.port } : {}),
    },
    `worker ${worker.name} taking runs from queue '${settings.queue}' (concurrency ${options.concurrency})${health ? `; health on http://127.0.0.1:${health.port}/healthz` : ''}`,
  );

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        log.line('warn', { signal }, 'second signal: exiting now; runs in flight are handed back');
        process.exit(0);
      }
      stopping = true;
      log.line(
        'info',
        { signal },
        `${signal}: finishing runs in flight (up to ${options.graceMs} ms), taking no new ones`,
      );
      void worker.close(options.graceMs).then(async (outcome) => {
        if (outcome === 'handed-back') {
          log.line('warn', {}, 'grace period over: exiting; runs in flight are handed back to other workers');
          process.exit(0);
        }
        health?.server.close();
        for (const close of closers) await close();
        await store.close();
        log.line('info', {}, 'worker stopped');
        resolve();
      });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
}

async function serveHealth(
  requested: number,
  worker: { health(): { status: string } },
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    if (request.url !== '/healthz' && request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    const health = worker.health();
    response
      .writeHead(health.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
      .end(`${JSON.stringify(health)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requested, resolve);
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : requested };
}

/** One human line per step on a terminal; one JSON object per line otherwise (for log collectors). */
function createWorkerLog(stream: NodeJS.WriteStream) {
  const tty = stream.isTTY === true;
  const line = (level: string, fields: Record<string, unknown>, message: string) => {
    if (tty) {
      const time = new Date().toISOString().slice(11, 23);
      stream.write(`${time} ${level === 'info' ? '' : `${level.toUpperCase()} `}${message}\n`);
    } else {
      stream.write(
        `${JSON.stringify({ level, time: new Date().toISOString(), pid: process.pid, msg: message, ...fields })}\n`,
      );
    }
  };
  const event = (event: WorkflowEvent) => {
    const id = event.executionId;
    switch (event.type) {
      case 'run-state':
        line(
          event.state === 'failed' ? 'error' : 'info',
          {
            event: event.type,
            executionId: id,
            state: event.state,
            workflow: event.workflow,
            ...(event.error ? { error: event.error } : {}),
          },
          `${id} ${event.workflow}: ${event.state}${event.resumed ? ' (resumed)' : ''}${event.error ? ` — ${event.error}` : ''}`,
        );
        return;
      case 'step-started':
        line(
          'info',
          { event: event.type, executionId: id, step: event.key, attempt: event.attempt },
          `${id} ${event.key}: started (attempt ${event.attempt})`,
        );
        return;
      case 'step-succeeded':
        line(
          'info',
          {
            event: event.type,
            executionId: id,
            step: event.key,
            attempt: event.attempt,
            durationMs: event.durationMs,
          },
          `${id} ${event.key}: succeeded in ${event.durationMs} ms`,
        );
        return;
      case 'step-failed':
        line(
          event.willRetry ? 'warn' : 'error',
          {
            event: event.type,
            executionId: id,
            step: event.key,
            attempt: event.attempt,
            error: event.error,
            willRetry: event.willRetry,
          },
          `${id} ${event.key}: failed (attempt ${event.attempt})${event.willRetry ? ', retrying' : ''}: ${event.error}`,
        );
        return;
      case 'step-interrupted':
        line(
          'info',
          {
            event: event.type,
            executionId: id,
            step: event.key,
            attempt: event.attempt,
            reason: event.reason,
          },
          `${id} ${event.key}: attempt ${event.attempt} interrupted (${event.reason}); it runs again`,
        );
        return;
      case 'step-skipped':
      case 'step-cancelled':
        line(
          'info',
          { event: event.type, executionId: id, step: event.key },
          `${id} ${event.key}: ${event.type === 'step-skipped' ? 'skipped' : 'cancelled'}`,
        );
        return;
      default:
        return;
    }
  };
  return { line, event };
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidInputError(`expected a positive integer, got '${value}'`, { code: 'usage' });
  return number;
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535)
    throw new InvalidInputError(`--health-port expects a port number 0-65535, got '${value}'`, {
      code: 'usage',
    });
  return number;
}
