import { Command, Option } from 'commander';
import {
  type AgentRunRecord,
  AgentRunStore,
  type CommandOutput,
  formatTable,
  printJson,
  processOutput,
} from '../agents/index.js';
import { InvalidInputError } from '../errors/index.js';
import { openDatabase, resolveDatabasePath } from '../store/index.js';
import { positiveInteger } from './agent-command.js';

/** `ax runs list|show`: the recorded agent runs (from `ax run`, workflows and delegation). */
export function runsCommand(output: CommandOutput = processOutput): Command {
  const command = new Command('runs').description('list and inspect recorded agent runs');
  const db = () =>
    new Option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)');
  const json = () => new Option('--json', 'print machine-readable JSON');

  command
    .command('list')
    .description('most recent agent runs first')
    .option('--limit <n>', 'runs to show', (value) => positiveInteger(value, '--limit'), 20)
    .option('--agent <name>', 'only runs of this agent')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExamples:\n  ax runs list\n  ax runs list --agent security --limit 5 --json')
    .action((options: { limit: number; agent?: string; db?: string; json?: boolean }) => {
      withStore(options.db, (store) => {
        const runs = store.list({ limit: options.limit, ...(options.agent ? { agent: options.agent } : {}) });
        if (options.json) {
          printJson(output, runs);
          return;
        }
        if (runs.length === 0) {
          output.out('no agent runs recorded yet; start one with `ax run <agent> "<task>"`\n');
          return;
        }
        const rows = runs.map((run) => [
          run.id.slice(0, 8),
          run.agent,
          run.status,
          run.simulated ? `${run.provider ?? '-'} (sim)` : (run.provider ?? '-'),
          run.durationMs === undefined ? '-' : `${(run.durationMs / 1000).toFixed(1)}s`,
          new Date(run.startedAt).toISOString().replace('T', ' ').slice(0, 19),
          oneLine(run.task, 50),
        ]);
        output.out(
          `${formatTable([['RUN', 'AGENT', 'STATUS', 'PROVIDER', 'TIME', 'STARTED', 'TASK'], ...rows])}\n`,
        );
      });
    });

  command
    .command('show')
    .description('one run in full: task, answer, tool calls, usage and delegated runs')
    .argument('<id>', 'run id or a unique prefix of it')
    .addOption(db())
    .addOption(json())
    .addHelpText('after', '\nExamples:\n  ax runs show 3f9c1a2b\n  ax runs show 3f9c --json')
    .action((id: string, options: { db?: string; json?: boolean }) => {
      withStore(options.db, (store) => {
        const run = store.get(id);
        if (!run) {
          throw new InvalidInputError(
            `no agent run "${id}" (or the prefix is ambiguous); see \`ax runs list\``,
          );
        }
        const children = store.children(run.id);
        if (options.json) printJson(output, { ...run, delegated: children.map((child) => child.id) });
        else output.out(describeRun(run, children));
      });
    });

  return command;
}

function withStore(path: string | undefined, use: (store: AgentRunStore) => void): void {
  const db = openDatabase(resolveDatabasePath(path));
  try {
    use(new AgentRunStore(db));
  } finally {
    db.close();
  }
}

function describeRun(run: AgentRunRecord, children: readonly AgentRunRecord[]): string {
  const lines = [
    `run ${run.id}`,
    `  agent:     ${run.agent}${run.parentRunId ? ` (delegated by run ${run.parentRunId.slice(0, 8)})` : ''}`,
    `  status:    ${run.status}${run.error ? `: ${run.error}` : ''}`,
    `  provider:  ${run.provider ?? '-'} ${run.model ?? ''}${run.simulated ? ' (simulated)' : ''}`,
    `  usage:     ${run.usage.inputTokens} in + ${run.usage.outputTokens} out tokens, $${run.costUsd.toFixed(4)}`,
    `  steps:     ${run.steps}, ${run.durationMs ?? '-'} ms`,
    `  started:   ${new Date(run.startedAt).toISOString()}`,
    '',
    'Task:',
    indent(run.task),
  ];
  if (run.toolCalls.length > 0) {
    lines.push('', 'Tool calls:');
    for (const call of run.toolCalls) {
      const outcome = call.error
        ? `✗ ${call.error}`
        : `✓ ${oneLine(JSON.stringify(call.output ?? null), 100)}`;
      lines.push(`  ${call.toolName} ${oneLine(JSON.stringify(call.input), 100)}`, `    ${outcome}`);
    }
  }
  if (children.length > 0) {
    lines.push('', 'Delegated:');
    for (const child of children) lines.push(`  ${child.id.slice(0, 8)} ${child.agent} ${child.status}`);
  }
  if (run.text) lines.push('', 'Answer:', indent(run.text));
  return `${lines.join('\n')}\n`;
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line ? `  ${line}` : ''))
    .join('\n');
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
