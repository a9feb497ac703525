import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  type AgentEvent,
  type AgentRunResult,
  AgentRunStore,
  type CommandOutput,
  createTerminalApprover,
  defaultPermissionMode,
  loadAgentRegistry,
  PermissionMode,
  PermissionPolicy,
  permissionModes,
  printJson,
  processOutput,
  runAgent,
  skippedProfileWarnings,
  TaskRouter,
} from '../agents/index.js';
import { createCodeIndex } from '../code/index.js';
import { InvalidInputError } from '../errors/index.js';
import { createConfiguredMcpPool } from '../mcp/index.js';
import { createMemory } from '../memory/index.js';
import { type ConfiguredRouter, createProviderRouterFromConfig } from '../providers/index.js';
import { openDatabase, resolveDatabasePath } from '../store/index.js';
import { describeOutputIssues, type JsonSchema } from '../structured-output/index.js';
import { positiveInteger } from './agent-command.js';

interface RunOptions {
  provider?: string;
  model?: string;
  json?: boolean;
  permissions?: PermissionMode;
  workspace?: string;
  context?: string;
  allowWeb?: boolean;
  allowPrivateNetwork?: boolean;
  maxSteps?: number;
  db?: string;
  simulator?: boolean;
  /** `--no-code-intelligence` makes these false. */
  codeIntelligence: boolean;
  memory: boolean;
  /** `--no-sandbox` makes this false. */
  sandbox: boolean;
  outputSchema?: string;
}

/** `ax run <agent> "<task>"`: one agent, one task, the answer streamed to the terminal and recorded. */
export function runCommand(output: CommandOutput = processOutput): Command {
  return new Command('run')
    .description('run one agent on a task and stream its answer')
    .argument(
      '<agent>',
      'agent name or alias (see `ax agent list`); leave it out to let the task router choose',
    )
    .argument('[task]', 'the task, in plain words')
    .option('--provider <name>', 'ask this provider first (see `ax providers list`)')
    .option('--model <model>', 'model for the first provider tried')
    .addOption(
      new Option(
        '--permissions <mode>',
        'what tools may do (default: ask on a terminal, read-only otherwise)',
      ).choices(permissionModes),
    )
    .option('--workspace <dir>', 'folder the tools are confined to (default: the current folder)')
    .option('--context <text>', 'extra context for the agent; @file reads it from a file')
    .option(
      '--output-schema <file>',
      'JSON Schema (a JSON or YAML file, optionally file#/pointer) the answer must match: the agent answers with JSON, checked and repaired once',
    )
    .option('--allow-web', 'give the agent the web tool (HTTP GET of public addresses)')
    .option('--allow-private-network', 'with --allow-web: also allow loopback and private addresses')
    .option('--max-steps <n>', 'model calls in the tool loop', (value) =>
      positiveInteger(value, '--max-steps'),
    )
    .option('--simulator', 'answer with the built-in simulator even when provider keys are set')
    .option(
      '--no-code-intelligence',
      'do not give the agent the code-intelligence tool (by default it indexes the workspace on first use)',
    )
    .option('--no-memory', 'no memories from earlier runs, no memory tool, and this run is not remembered')
    .option(
      '--no-sandbox',
      'run shell commands WITHOUT the OS sandbox (on purpose; the run warns loudly). Default: sandboxed',
    )
    .option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)')
    .option('--json', 'print the result as JSON at the end instead of streaming')
    .addHelpText(
      'after',
      '\nExamples:\n  ax run backend "Add input validation to src/routes/orders.ts"\n' +
        '  ax run "Audit the login flow for SQL injection"    (the task router picks the agent and says why)\n' +
        '  ax run security "Audit the login flow" --permissions read-only\n' +
        '  ax run writer "Draft release notes" --context @CHANGELOG.md --provider claude --json\n' +
        '  ax run architect "Where is the order total computed?" --no-memory\n' +
        '  ax run quality "Triage the failing build" --output-schema triage.schema.json\n\n' +
        'Agents that list the code-intelligence tool search an index of the workspace kept in the same\n' +
        'database (brought up to date on first use); agents see relevant memories from earlier runs and\n' +
        'each run is remembered (ax memory list).',
    )
    .action(async (first: string, second: string | undefined, options: RunOptions) => {
      const registry = loadAgentRegistry({ projectDirectory: process.cwd() });
      for (const line of skippedProfileWarnings(registry.skipped)) output.err(`${line}\n`);
      const task = second ?? first;
      const agent = second === undefined ? routeTask(registry.list(), task, output) : registry.get(first);
      const context = readContext(options.context);
      const outputSchema = options.outputSchema ? await readOutputSchema(options.outputSchema) : undefined;
      const mode = options.permissions ?? defaultPermissionMode();
      const permissions = new PermissionPolicy(
        mode,
        mode === PermissionMode.ask && process.stdin.isTTY ? createTerminalApprover() : undefined,
      );
      const db = openDatabase(resolveDatabasePath(options.db));
      // Same database as the run store: one file holds runs, the code index and memories.
      const codeIndex = options.codeIntelligence
        ? createCodeIndex({ db, root: options.workspace ?? process.cwd() })
        : undefined;
      const memory = options.memory ? createMemory({ db }) : undefined;
      const configured = await createProviderRouterFromConfig({
        cwd: process.cwd(),
        env: process.env,
        ...(options.simulator ? { simulator: 'always' as const } : {}),
      });
      // Started only if the agent (or a delegate) lists MCP servers; stopped when the run ends.
      const mcp = createConfiguredMcpPool({ cwd: process.cwd() });
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      try {
        for (const notice of configured.notices) output.err(`note: ${notice}\n`);
        const view = options.json ? undefined : new StreamView(output, agent.name);
        const result = await runAgent({
          agent,
          task,
          ...(context !== undefined ? { context } : {}),
          client: configured.router,
          registry,
          permissions,
          store: new AgentRunStore(db),
          signal: controller.signal,
          ...(options.workspace ? { workspace: options.workspace } : {}),
          ...(options.provider ? { provider: options.provider } : {}),
          ...(options.model ? { model: options.model } : {}),
          ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
          ...(outputSchema ? { output: { schema: outputSchema } } : {}),
          ...(codeIndex ? { codeIndex } : {}),
          ...(options.sandbox ? {} : { unsandboxed: true }),
          ...(memory ? { memory } : {}),
          ...(mcp ? { mcp } : {}),
          ...(options.allowWeb
            ? { web: { enabled: true, allowPrivateAddresses: Boolean(options.allowPrivateNetwork) } }
            : {}),
          onEvent: (event: AgentEvent) => {
            if (view) view.on(event);
            else if (event.type === 'sandbox-disabled') output.err(`WARNING: ${event.warning}\n`);
          },
        });
        if (options.json) printJson(output, result);
        else view?.finish(result, configured);
      } finally {
        process.off('SIGINT', onSignal);
        await mcp?.close();
        await configured.close();
        db.close();
      }
    });
}

/** `--output-schema file[#/pointer]`: a checked JSON Schema, or exit 2 with file:line:col of each problem. */
async function readOutputSchema(option: string): Promise<JsonSchema> {
  const [path = '', fragment = ''] = option.split('#', 2);
  // Loaded only when asked for: `ax run` without a schema does not pay for the workflow modules.
  const { formatValidationIssue, readJsonSchemaFile } = await import('../workflows/index.js');
  const read = await readJsonSchemaFile(resolve(path), path, fragment, '--output-schema');
  if (read.ok) return read.schema;
  if ('unreadable' in read) {
    throw new InvalidInputError(`--output-schema ${path}: cannot read the file (${read.unreadable})`);
  }
  throw new InvalidInputError(
    `--output-schema ${path} is not a usable JSON Schema:\n${read.issues.map((issue) => `  ${formatValidationIssue(issue)}`).join('\n')}`,
    { code: 'output-schema-invalid' },
  );
}

/** `ax run "<task>"`: the task router's first choice, and why, on stderr. */
function routeTask(
  agents: ReturnType<ReturnType<typeof loadAgentRegistry>['list']>,
  task: string,
  output: CommandOutput,
) {
  const best = new TaskRouter(agents).route(task).matches[0];
  if (!best) {
    throw new InvalidInputError(
      `no agent matched "${task.slice(0, 80)}"; name one: ax run <agent> "<task>" (see ax agent list, or ax agent route "<task>")`,
      { code: 'agent-not-routed' },
    );
  }
  const why = best.reasons
    .slice(0, 3)
    .map((reason) => `"${reason.term}" (${reason.label})`)
    .join(', ');
  output.err(`routed to ${best.agent} (confidence ${best.confidence.toFixed(2)}): matched ${why}\n`);
  return agents.find((agent) => agent.name === best.agent)!;
}

function readContext(context: string | undefined): string | undefined {
  if (context === undefined || !context.startsWith('@')) return context;
  try {
    return readFileSync(context.slice(1), 'utf8');
  } catch (error) {
    throw new InvalidInputError(`--context ${context}: cannot read the file (${(error as Error).message})`);
  }
}

/** Text of the top-level agent to stdout as it streams; tool calls and delegated agents as lines on stderr. */
class StreamView {
  #rootRunId: string | undefined;
  #atLineStart = true;

  constructor(
    private readonly output: CommandOutput,
    private readonly agent: string,
  ) {}

  on(event: AgentEvent): void {
    if (event.type === 'run-start' && this.#rootRunId === undefined) this.#rootRunId = event.runId;
    const root = event.runId === this.#rootRunId;
    switch (event.type) {
      case 'text-delta':
        if (root) this.#text(event.text);
        break;
      case 'text-restart':
        if (root) this.#line(`(the stream broke; ${event.toProvider} starts the answer again)`);
        break;
      case 'tool-call':
        this.#line(`${root ? '' : `[${event.agent}] `}→ ${event.toolName} ${summarise(event.input)}`);
        break;
      case 'tool-result':
        this.#line(
          `${root ? '' : `[${event.agent}] `}${event.error ? `✗ ${event.error}` : `✓ ${event.toolName}`} (${Math.round(event.durationMs)} ms)`,
        );
        break;
      case 'run-start':
        if (!root) this.#line(`[${event.agent}] delegated: ${event.task.slice(0, 100)}`);
        break;
      case 'memory-recalled':
        this.#line(
          `${root ? '' : `[${event.agent}] `}recalled ${event.entries.length} memor${event.entries.length === 1 ? 'y' : 'ies'} from earlier runs`,
        );
        break;
      case 'memory-error':
        this.#line(`note: ${event.error}`);
        break;
      case 'output-repair':
        if (root) {
          this.#line(
            `(the answer does not match the schema: ${describeOutputIssues(event.issues)}; asking once to repair it)`,
          );
        }
        break;
      case 'sandbox-disabled':
        this.#line(`WARNING: ${event.warning}`);
        break;
      default:
        break;
    }
  }

  finish(result: AgentRunResult, configured: ConfiguredRouter): void {
    if (!this.#atLineStart) this.output.out('\n');
    const tokens = result.usage.inputTokens + result.usage.outputTokens;
    const parts = [
      this.agent,
      `${result.provider}/${result.model}${result.simulated ? ' (SIMULATED answer, not a real model)' : ''}`,
      `${result.steps} step${result.steps === 1 ? '' : 's'}`,
      `${result.toolCalls.length} tool call${result.toolCalls.length === 1 ? '' : 's'}`,
      `${tokens} tokens`,
      `$${result.costUsd.toFixed(4)}`,
      `${(result.durationMs / 1000).toFixed(1)} s`,
      `run ${result.runId.slice(0, 8)}`,
    ];
    if (result.finishReason === 'step-limit') parts.push('stopped at the step limit');
    this.output.err(`— ${parts.join(' · ')}\n`);
    if (result.simulated && !configured.simulatedOnly)
      this.output.err('note: part of this run was simulated\n');
  }

  #text(text: string): void {
    this.output.out(text);
    this.#atLineStart = text.endsWith('\n');
  }

  #line(text: string): void {
    if (!this.#atLineStart) {
      this.output.out('\n');
      this.#atLineStart = true;
    }
    this.output.err(`${text}\n`);
  }
}

function summarise(input: unknown): string {
  if (input === null || typeof input !== 'object') return '';
  const record = input as Record<string, unknown>;
  const main = record.command ?? record.action ?? record.url ?? record.agent;
  const rest = record.path ?? record.pattern ?? record.task ?? record.name ?? record.query;
  return [main, rest]
    .filter((part) => typeof part === 'string')
    .map((part) => String(part).slice(0, 80))
    .join(' ');
}
