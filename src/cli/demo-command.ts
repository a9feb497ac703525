import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { AgentRunStore, type AgentToolCallRecord } from '../agents/index.js';
import { allStepKinds, createWorkflowRuntime } from '../runtime/workflow-runtime.js';
import type { ScriptRule } from '../simulator/index.js';
import { openDatabase, openWorkflowStore, resolveDatabasePath } from '../store/index.js';
import { createEngine, loadWorkflowFile, type RunResult } from '../workflows/index.js';
import { costLine, renderDemoReport } from './demo-report.js';
import { ExitCode } from './exit-code.js';
import { collectProjectFacts } from './project-facts.js';
import { createProgressView } from './workflow-progress.js';

const demoDir = fileURLToPath(new URL('../../demo/', import.meta.url));
const codeExtensions = /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|kt|rb|php|cs|c|cc|cpp|h|swift|scala|sh)$/;

/** Simulated pacing for the demo: slow enough to watch the agents work, about half a minute in all. */
const demoPacing = { latencyMs: 600, firstTokenMs: 400, tokensPerSecond: 25 };

/**
 * What the simulated specialists do with their tools, so the demo shows a real tool loop: each reads
 * the project through the sandboxed file tool before it answers. A real model decides for itself.
 */
const demoScripts: ScriptRule[] = [
  {
    match: 'scan vulnerabilities',
    toolCall: {
      name: 'file',
      input: { action: 'grep', pattern: 'token|secret|password|SELECT', ignoreCase: true },
    },
  },
  {
    match: 'review code',
    toolCall: { name: 'file', input: { action: 'glob', pattern: '**/*.{js,ts,py,go,rs,java}' } },
  },
  {
    match: 'find bottlenecks',
    toolCall: {
      name: 'file',
      input: { action: 'grep', pattern: 'for \\(|while \\(|readFileSync', ignoreCase: false },
    },
  },
  {
    matchRegex: '^Action: review architecture',
    toolCall: { name: 'file', input: { action: 'list', path: '.' } },
  },
];

/** `ax demo`: a multi-agent code review of this project (or a bundled sample), with no keys needed. */
export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'watch a multi-agent code review of this project, with a provider outage survived by failover',
    )
    .option(
      '--project <dir>',
      'project to review (default: this directory, or a bundled sample when it has no code)',
    )
    .option('--fast', 'no simulated latency (answers come at once)')
    .option('--simulator', 'use the built-in simulator even when provider keys are set (e.g. a stale key)')
    .option('--report <file>', 'where the report is written (default: .automatosx/reports/<execution>.md)')
    .option('--db <path>', 'database file (default: $DATABASE_PATH or .automatosx/automatosx.db)')
    .option('--json', 'print the run result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  ax demo\n  ax demo --simulator    (a key is set but not working)\n  ax demo --project ../my-service --report review.md',
    )
    .action(
      async (options: {
        project?: string;
        fast?: boolean;
        simulator?: boolean;
        report?: string;
        db?: string;
        json?: boolean;
      }) => {
        const project = resolve(
          options.project ?? (hasCode(process.cwd()) ? process.cwd() : join(demoDir, 'sample-project')),
        );
        const out = (line: string) => {
          if (!options.json) process.stdout.write(`${line}\n`);
        };
        const loaded = await loadWorkflowFile(join(demoDir, 'code-review-demo.yaml'), {
          stepKinds: allStepKinds,
        });
        const databasePath = resolveDatabasePath(options.db);
        const runtime = await createWorkflowRuntime(loaded, databasePath, {
          workspace: project,
          providers: {
            simulatorOptions: { ...(options.fast ? {} : demoPacing), script: demoScripts },
            ...(options.simulator ? { simulator: 'always' as const } : {}),
          },
        });
        const providers = runtime.providers!;
        const store = openWorkflowStore({ db: databasePath });
        const failovers: string[] = [];
        try {
          out(
            `AutomatosX demo: five agents review ${project === join(demoDir, 'sample-project') ? 'a bundled sample project' : project}`,
          );
          for (const notice of runtime.notices) out(`note: ${notice}`);
          if (providers.simulator) {
            // The first provider in line is down for the whole run: the router must fail over.
            providers.simulator.setFaults([{ provider: 'anthropic', fault: 'unavailable' }]);
            out('note: the simulated Claude provider is made to fail on purpose, to show failover');
          }
          providers.router.on('fallback', (event) =>
            failovers.push(`${event.from} → ${event.to} (${event.reason})`),
          );
          const engine = createEngine({ store, executors: runtime.executors, concurrency: 4 });
          const view = options.json
            ? undefined
            : createProgressView(
                process.stdout,
                loaded.definition.steps.map((step) => step.key),
              );
          const stop = view ? engine.on(view.listener) : undefined;
          const unsubscribe = providers.router.on('fallback', (event) =>
            view?.listener({
              type: 'step-log',
              executionId: '',
              key: 'providers',
              stream: 'stderr',
              text: `failover ${event.from} → ${event.to}: ${event.reason}`,
            }),
          );
          let result: RunResult;
          try {
            result = await engine.run(loaded, { inputs: { project } });
          } finally {
            stop?.();
            unsubscribe();
            view?.stop();
          }
          const report = resolve(
            options.report ?? join('.automatosx', 'reports', `${result.executionId}.md`),
          );
          mkdirSync(dirname(report), { recursive: true });
          writeFileSync(
            report,
            renderDemoReport({
              result,
              project,
              failovers: summarise(failovers),
              simulated: providers.simulatedOnly,
              facts: collectProjectFacts(project),
              toolCalls: reviewerToolCalls(result, databasePath),
            }),
          );
          if (options.json) {
            process.stdout.write(
              `${JSON.stringify({ ...result, report, failovers, simulated: providers.simulatedOnly }, null, 2)}\n`,
            );
          } else {
            const { usage } = result.summary;
            out('');
            out(
              `${result.state === 'completed' ? '✓' : '✗'} review ${result.state} in ${(result.summary.duration / 1000).toFixed(1)} s — ${result.summary.stepsCompleted} steps, ${usage.inputTokens + usage.outputTokens} tokens`,
            );
            out(
              `  failovers survived: ${failovers.length === 0 ? 'none needed' : summarise(failovers).join('; ')}`,
            );
            out(`  cost: ${costLine(usage, providers.simulatedOnly)}`);
            out(`  every step was checkpointed: ax workflow status ${result.executionId}`);
            out(`  report written to ${report}`);
            if (providers.simulatedOnly) {
              out('');
              out(
                'These answers were SIMULATED: no model was called. To use a real model, set a key and run again:',
              );
              out('  export ANTHROPIC_API_KEY=…   (or GOOGLE_API_KEY / GEMINI_API_KEY, OPENAI_API_KEY)');
            }
          }
          if (result.state !== 'completed') {
            process.exitCode = ExitCode.failed;
            if (!providers.simulatedOnly)
              process.stderr.write(
                'hint: if a provider key is stale or the network is down, run the demo on the built-in simulator: ax demo --simulator\n',
              );
          }
        } finally {
          await runtime.close();
          await store.close();
        }
      },
    );
}

/** `a → b (reason)` lines with how often each happened, in the order they first did. */
function summarise(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  return [...counts].map(([line, count]) => (count > 1 ? `${line} ×${count}` : line));
}

/** Each reviewer step's tool calls with their results, from the agent run the step recorded. */
function reviewerToolCalls(result: RunResult, databasePath: string): Map<string, AgentToolCallRecord[]> {
  const db = openDatabase(databasePath);
  try {
    const runs = new AgentRunStore(db);
    const calls = new Map<string, AgentToolCallRecord[]>();
    for (const step of result.steps) {
      const runId = (step.outputs as { runId?: unknown } | undefined)?.runId;
      if (typeof runId !== 'string') continue;
      const run = runs.get(runId);
      if (run)
        calls.set(step.key, [...run.toolCalls, ...runs.children(runId).flatMap((child) => child.toolCalls)]);
    }
    return calls;
  } finally {
    db.close();
  }
}

function hasCode(dir: string, depth = 2): boolean {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return false;
    if (entry.isFile()) return codeExtensions.test(entry.name);
    return entry.isDirectory() && depth > 0 && hasCode(join(dir, entry.name), depth - 1);
  });
}
