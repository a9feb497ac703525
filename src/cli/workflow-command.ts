import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import type { DispatchSettings } from '../dispatch/index.js';
import { InvalidInputError } from '../errors/index.js';
import type { ExecutionRecord, WorkflowStore } from '../store/index.js';
import type { LoadedWorkflow, RunResult, WorkflowEngine } from '../workflows/index.js';
import type { DispatchedRunOptions } from './dispatched-run.js';
import { ExitCode } from './exit-code.js';
import { bundledWorkflowNames, resolveWorkflowPath } from './resolve-workflow-path.js';

// The engine, its executors and the progress view load only in the actions that need them, so
// `ax workflow list` and `--help` start about as fast as Node itself (bench/startup.bench.mjs).
const workflows = () => import('../workflows/index.js');
const loadWorkflow = async (file: string) => {
  const [{ loadWorkflowFile }, { allStepKinds }] = await Promise.all([
    workflows(),
    import('../runtime/workflow-runtime.js'),
  ]);
  return loadWorkflowFile(resolveWorkflowPath(file), { stepKinds: allStepKinds });
};

interface CommonOptions {
  db?: string;
  json?: boolean;
  /** `--no-sandbox` makes this false: agents' shell commands run unconfined, announced loudly. */
  sandbox?: boolean;
}

/** `ax workflow …`: validate, run, inspect and control durable workflow executions. */
export function workflowCommand(): Command {
  const command = new Command('workflow').description('validate, run, resume and control workflows');
  const db = () =>
    new Option(
      '--db <path>',
      'SQLite file (default: $DATABASE_PATH or .automatosx/automatosx.db); DATABASE_URL=postgres://… uses PostgreSQL instead',
    );
  const json = () => new Option('--json', 'print machine-readable JSON');

  command
    .command('validate')
    .description('check a workflow file and report every problem with file:line:column')
    .argument('<file>', 'workflow file (YAML or JSON)')
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax workflow validate workflows/build.yaml')
    .action(async (file: string, options: CommonOptions) => {
      // Agent names are checked too: the registry is small, and a typo should not wait for `run`.
      const { loadAgentRegistry } = await import('../agents/index.js');
      const { allStepKinds } = await import('../runtime/workflow-runtime.js');
      const {
        buildGraph,
        formatValidationIssue,
        loadWorkflowFile,
        runStepWarnings,
        WorkflowValidationError,
      } = await workflows();
      const agentNames = loadAgentRegistry({ projectDirectory: process.cwd() }).keys();
      let loaded: LoadedWorkflow;
      try {
        loaded = await loadWorkflowFile(resolveWorkflowPath(file), { stepKinds: allStepKinds, agentNames });
      } catch (error) {
        if (!options.json || !(error instanceof WorkflowValidationError)) throw error;
        print({ valid: false, file, issues: error.issues });
        process.exitCode = ExitCode.invalidInput;
        return;
      }
      const graph = buildGraph(loaded.definition.steps);
      const warnings = runStepWarnings(loaded);
      if (options.json) {
        print({
          valid: true,
          file: loaded.file,
          name: loaded.definition.name,
          steps: loaded.definition.steps.length,
          levels: graph.levels,
          warnings,
        });
      } else {
        for (const warning of warnings) process.stderr.write(`warning: ${formatValidationIssue(warning)}\n`);
        print(
          `✓ ${loaded.file}: workflow '${loaded.definition.name}' is valid — ${loaded.definition.steps.length} steps in ${graph.levels.length} levels`,
        );
      }
    });

  for (const name of ['run', 'execute']) {
    command
      .command(name)
      .description(name === 'run' ? 'run a workflow file durably' : 'same as run')
      .argument('<file>', 'workflow file (YAML or JSON)')
      .option(
        '-i, --input <key=value...>',
        'workflow input (repeatable)',
        collectInput,
        {} as Record<string, string>,
      )
      .option('-c, --concurrency <n>', concurrencyHelp, positiveInteger)
      .option('--no-sandbox', noSandboxHelp)
      .option('--detach', 'with REDIS_URL (workers): queue the run, print its id and exit')
      .addOption(db())
      .addOption(json())
      .addHelpText(
        'after',
        `\nExamples:\n  ax workflow ${name} workflows/build.yaml --input target=staging --concurrency 8\n` +
          `  ax workflow ${name} getting-started    (bundled samples: ${bundledWorkflowNames().join(', ')})`,
      )
      .action(
        async (
          file: string,
          options: CommonOptions & { input: Record<string, string>; concurrency?: number; detach?: boolean },
        ) => {
          const loaded = await loadWorkflow(file);
          const dispatched = await dispatchToWorkers(options, async (settings, store, flags) =>
            (await import('./dispatched-run.js')).runDispatched(loaded, settings, store, {
              ...flags,
              inputs: options.input,
            }),
          );
          if (dispatched) return;
          await withEngine(
            options,
            async (engine) => {
              const result = await watch(
                engine,
                options,
                loaded.definition.steps.map((step) => step.key),
                (signal) => engine.run(loaded, { inputs: options.input, signal, ...concurrency(options) }),
              );
              report(result, options);
            },
            loaded,
          );
        },
      );
  }

  command
    .command('resume')
    .description('continue a paused, failed or crashed execution; succeeded steps do not run again')
    .argument('<id>', 'execution id, or checkpoint id (execution@seq)')
    .option('-c, --concurrency <n>', concurrencyHelp, positiveInteger)
    .option('--no-sandbox', noSandboxHelp)
    .option('--detach', 'with REDIS_URL (workers): hand the run back to the workers, print its id and exit')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax workflow resume ex-lq2x8k-3f9a1c2b')
    .action(async (id: string, options: CommonOptions & { concurrency?: number; detach?: boolean }) => {
      const dispatched = await dispatchToWorkers(options, async (settings, store, flags) =>
        (await import('./dispatched-run.js')).resumeDispatched(id, settings, store, flags),
      );
      if (dispatched) return;
      await withEngine(
        options,
        async (engine) => {
          const executionId = await engine.resolveExecutionId(id);
          const steps = (await engine.store.getSteps(executionId))
            .map((step) => step.key)
            .filter((key) => !key.includes('['));
          const result = await watch(engine, options, steps, (signal) =>
            engine.resume(id, { signal, ...concurrency(options) }),
          );
          report(result, options);
        },
        storedWorkflow(id),
      );
    });

  command
    .command('list')
    .description('list executions, newest first')
    .option(
      '--state <state>',
      'only executions in this state (executing, paused, completed, failed, cancelled)',
    )
    .option('--failed', 'only failed executions (dead letters you can resume)')
    .option('-n, --limit <n>', 'how many', positiveInteger, 20)
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax workflow list --failed')
    .action(async (options: CommonOptions & { state?: string; failed?: boolean; limit: number }) => {
      await withStore(options, async (store) => {
        const state = options.failed ? 'failed' : options.state;
        const executions = await store.listExecutions({
          limit: options.limit,
          ...(state ? { state } : {}),
        });
        if (options.json) return print(executions.map(publicExecution));
        if (executions.length === 0) return print('no executions yet — run one with: ax workflow run <file>');
        for (const execution of executions) {
          print(
            `${execution.id}  ${execution.state.padEnd(9)}  ${new Date(execution.startedAt).toISOString()}  ${execution.workflowName}`,
          );
        }
      });
    });

  command
    .command('status')
    .description('show an execution, its steps and its recent events')
    .argument('<id>', 'execution id or checkpoint id')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax workflow status ex-lq2x8k-3f9a1c2b --json')
    .action(async (id: string, options: CommonOptions) => {
      await withEngine(options, async (engine) => {
        const executionId = await engine.resolveExecutionId(id);
        const execution = await engine.store.getExecution(executionId);
        if (!execution)
          throw new InvalidInputError(`no execution '${id}' in this database`, { code: 'execution-unknown' });
        const steps = await engine.store.getSteps(executionId);
        const events = await engine.store.getEvents(executionId);
        const usage = (await workflows()).totalUsage(steps);
        // Retries, waits, failovers and breaker changes behind the steps, as the run recorded them.
        const providerEvents = events
          .filter((event) => event.type === 'provider_event')
          .map((event) => ({
            step: event.stepKey,
            attempt: event.attempt,
            at: event.at,
            text: String(event.data?.text ?? ''),
            ...event.data,
          }));
        if (options.json)
          return print({ execution: publicExecution(execution), usage, steps, providerEvents, events });
        print(
          `${execution.id}  ${execution.workflowName}  ${execution.state}${execution.error ? ` — ${execution.error}` : ''}`,
        );
        print(
          `file ${execution.file}; started ${new Date(execution.startedAt).toISOString()}; resumed ${execution.resumeCount} times`,
        );
        for (const step of steps) {
          const structured = step.output !== null && typeof step.output === 'object' && !step.error;
          const output =
            step.output === undefined || step.output === null || structured
              ? ''
              : `  → ${oneLine(step.output)}`;
          print(
            `  ${step.key.padEnd(24)} ${step.status.padEnd(9)} attempt ${step.attempt}${step.error ? `  ${step.error}` : output}`,
          );
          if (structured) print(prettyOutput(step.output, '      '));
          if (step.usage) print(`  ${''.padEnd(24)} ${describeUsage(step.usage)}`);
        }
        if (usage.inputTokens + usage.outputTokens > 0) print(`model usage: ${describeUsage(usage)}`);
        if (providerEvents.length > 0) {
          print(`provider events (${providerEvents.length}):`);
          for (const event of providerEvents) print(`  ${String(event.step)}: ${event.text}`);
        }
        print(`${events.length} events; last: ${events.at(-1)?.type ?? 'none'}`);
      });
    });

  for (const [name, request] of [
    ['pause', 'pause'],
    ['cancel', 'cancel'],
  ] as const) {
    command
      .command(name)
      .description(`${name} a running execution from any process (in-flight steps are aborted)`)
      .argument('<id>', 'execution id')
      .addOption(db())
      .addOption(json())
      .addHelpText('after', `\nExample:\n  ax workflow ${name} ex-lq2x8k-3f9a1c2b`)
      .action(async (id: string, options: CommonOptions) => {
        await withEngine(options, async (engine) => {
          const outcome = await engine.requestStop(id, request);
          if (options.json) return print(outcome);
          print(
            outcome.applied
              ? `${outcome.executionId}: ${outcome.state}`
              : `${outcome.executionId}: ${name} requested; the running process stops its steps within a moment`,
          );
        });
      });
  }

  command
    .command('approve')
    .description('approve (or reject) a waiting approval step')
    .argument('<id>', 'execution id')
    .argument('<step>', 'approval step key')
    .option('--reject', 'reject instead of approving: the step fails')
    .option('-m, --comment <text>', 'why')
    .option('--by <name>', 'who decides', userInfo().username)
    .addOption(db())
    .addOption(json())
    .addHelpText(
      'after',
      '\nExample:\n  ax workflow approve ex-lq2x8k-3f9a1c2b deploy-gate -m "release notes checked"',
    )
    .action(
      async (
        id: string,
        step: string,
        options: CommonOptions & { reject?: boolean; comment?: string; by: string },
      ) => {
        await withEngine(options, async (engine) => {
          const approved = !options.reject;
          const { executionId } = await engine.approve(id, step, {
            approved,
            by: options.by,
            ...(options.comment === undefined ? {} : { comment: options.comment }),
          });
          if (options.json) return print({ executionId, step, approved, by: options.by });
          print(`${executionId} ${step}: ${approved ? 'approved' : 'rejected'} by ${options.by}`);
        });
      },
    );

  command
    .command('graph')
    .description('print the dependency graph as text and as Mermaid')
    .argument('<file>', 'workflow file')
    .addOption(
      new Option('--format <format>', 'text, mermaid or both')
        .choices(['text', 'mermaid', 'both'])
        .default('both'),
    )
    .addOption(json())
    .addHelpText('after', '\nExample:\n  ax workflow graph workflows/build.yaml --format mermaid > graph.mmd')
    .action(async (file: string, options: CommonOptions & { format: string }) => {
      const { buildGraph, renderMermaid, renderTextGraph } = await workflows();
      const loaded = await loadWorkflow(file);
      const graph = buildGraph(loaded.definition.steps);
      if (options.json) {
        return print({
          name: loaded.definition.name,
          levels: graph.levels,
          edges: [...graph.dependencies].flatMap(([key, deps]) =>
            deps.map((dep) => ({ from: dep, to: key })),
          ),
          mermaid: renderMermaid(loaded.definition),
        });
      }
      if (options.format !== 'mermaid') print(renderTextGraph(loaded.definition));
      if (options.format === 'both') print('');
      if (options.format !== 'text') print(renderMermaid(loaded.definition));
    });

  return command;
}

/**
 * Opens the store and an engine with the executors the workflow needs. `workflow` is the loaded file
 * (run) or a way to read the stored one (resume); agent and prompt executors are built only when used.
 */
const noSandboxHelp =
  "run agents' shell commands WITHOUT the OS sandbox (on purpose; every agent step records a warning; ignored when runs go to workers, REDIS_URL)";
const concurrencyHelp = 'steps in flight at once (ignored when runs go to workers, REDIS_URL)';

async function withEngine(
  options: CommonOptions,
  body: (engine: WorkflowEngine) => Promise<void>,
  workflow?: LoadedWorkflow | ((store: WorkflowStore) => Promise<LoadedWorkflow | undefined>),
): Promise<void> {
  const [{ openWorkflowStore, resolveDatabasePath }, { createWorkflowRuntime }, { createConfiguredEngine }] =
    await Promise.all([
      import('../store/index.js'),
      import('../runtime/workflow-runtime.js'),
      import('./configured-engine.js'),
    ]);
  const path = resolveDatabasePath(options.db);
  const runtimeOptions = options.sandbox === false ? { unsandboxed: true } : {};
  let runtime =
    typeof workflow === 'object' ? await createWorkflowRuntime(workflow, path, runtimeOptions) : undefined;
  const store = openWorkflowStore({ ...(options.db === undefined ? {} : { db: options.db }) });
  try {
    if (typeof workflow === 'function') {
      const loaded = await workflow(store);
      if (loaded) runtime = await createWorkflowRuntime(loaded, path, runtimeOptions);
    }
    for (const notice of runtime?.notices ?? []) process.stderr.write(`note: ${notice}\n`);
    await body(createConfiguredEngine({ store, executors: runtime?.executors ?? {} }));
  } finally {
    await runtime?.close();
    await store.close();
  }
}

/**
 * With REDIS_URL and a PostgreSQL DATABASE_URL, a run (started or resumed) goes to `ax worker`
 * processes instead of running here: `dispatch` hands it over and follows it, or returns undefined
 * when detached. Returns false when the run belongs in this process (the default).
 */
async function dispatchToWorkers(
  options: CommonOptions & { detach?: boolean },
  dispatch: (
    settings: DispatchSettings,
    store: WorkflowStore,
    flags: DispatchedRunOptions,
  ) => Promise<RunResult | undefined>,
): Promise<boolean> {
  const { resolveDispatchSettings } = await import('../dispatch/dispatch-settings.js');
  const settings = resolveDispatchSettings(process.env);
  if (!settings) {
    if (options.detach) throw (await import('./dispatched-run.js')).detachNeedsWorkers();
    return false;
  }
  const { openWorkflowStore } = await import('../store/index.js');
  const store = openWorkflowStore();
  try {
    const result = await dispatch(settings, store, {
      ...(options.json === undefined ? {} : { json: options.json }),
      ...(options.detach === undefined ? {} : { detach: options.detach }),
    });
    if (result) report(result, options);
  } finally {
    await store.close();
  }
  return true;
}

/** Opens only the store: listing executions needs neither the engine nor its executors. */
async function withStore(
  options: CommonOptions,
  body: (store: WorkflowStore) => Promise<void>,
): Promise<void> {
  const { openWorkflowStore } = await import('../store/index.js');
  const store = openWorkflowStore({ ...(options.db === undefined ? {} : { db: options.db }) });
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** Runs with a progress view; Ctrl-C pauses the run (resumable) instead of leaving it half-written. */
async function watch(
  engine: WorkflowEngine,
  options: CommonOptions,
  stepKeys: readonly string[],
  start: (signal: AbortSignal) => Promise<RunResult>,
): Promise<RunResult> {
  const controller = new AbortController();
  const onSignal = () => controller.abort('pause');
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const { createProgressView } = await import('./workflow-progress.js');
  const view = options.json ? undefined : createProgressView(process.stdout, stepKeys);
  const unsubscribe = view ? engine.on(view.listener) : undefined;
  try {
    return await start(controller.signal);
  } finally {
    unsubscribe?.();
    view?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function storedWorkflow(id: string) {
  return async (store: WorkflowStore) => {
    const executionId = id.includes('@') ? ((await store.getCheckpoint(id))?.executionId ?? id) : id;
    return (await workflows()).loadStoredWorkflow(store, executionId);
  };
}

function report(result: RunResult, options: CommonOptions): void {
  if (options.json) print(result);
  else {
    const { summary } = result;
    print(
      `${result.workflow} ${result.executionId}: ${result.state} in ${summary.duration} ms — ` +
        `${summary.stepsCompleted} succeeded, ${summary.stepsFailed} failed, ${summary.stepsSkipped} skipped`,
    );
    if (result.state === 'paused' || result.state === 'failed')
      print(`resume with: ax workflow resume ${result.executionId}`);
  }
  if (result.state === 'failed' || result.state === 'cancelled') process.exitCode = ExitCode.failed;
}

function publicExecution(execution: ExecutionRecord) {
  const { lease, ...rest } = execution;
  return { ...rest, ...(lease ? { runningIn: { pid: lease.pid, host: lease.host } } : {}) };
}

function collectInput(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidInputError(`--input expects key=value, got '${value}'`, { code: 'usage' });
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidInputError(`expected a positive integer, got '${value}'`, { code: 'usage' });
  return number;
}

function concurrency(options: { concurrency?: number }) {
  return options.concurrency === undefined ? {} : { concurrency: options.concurrency };
}

function describeUsage(usage: Record<string, unknown>): string {
  const who = usage.provider ? `${String(usage.provider)}/${String(usage.model)}, ` : '';
  const cost = Number(usage.costUsd ?? 0).toFixed(4);
  return `${who}${Number(usage.inputTokens)} in + ${Number(usage.outputTokens)} out tokens, $${cost}${usage.simulated ? ' (simulated, not billed)' : ''}`;
}

/**
 * A structured output (an object, or a forEach's list) as indented JSON under its step. Long strings
 * inside are cut for the terminal; `--json` prints them whole.
 */
function prettyOutput(value: unknown, indent: string): string {
  const shortened = JSON.stringify(
    value,
    (_key, item: unknown) =>
      typeof item === 'string' && item.length > 120 ? `${item.slice(0, 119).replace(/\s+/g, ' ')}…` : item,
    2,
  );
  return shortened
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}

function oneLine(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}

function print(value: unknown): void {
  process.stdout.write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
}
