import type { AgentToolCallRecord } from '../agents/index.js';
import type { RunResult } from '../workflows/index.js';
import type { FactLocation, ProjectFacts } from './project-facts.js';

export interface DemoReportInput {
  result: RunResult;
  project: string;
  failovers: readonly string[];
  simulated: boolean;
  facts: ProjectFacts;
  /** Each reviewer step's tool calls, as its agent run recorded them. */
  toolCalls: ReadonlyMap<string, readonly AgentToolCallRecord[]>;
}

const reviewers = [
  ['security', 'Security'],
  ['quality', 'Quality'],
  ['performance', 'Performance'],
  ['architecture', 'Architecture'],
] as const;

/**
 * The demo's report. Each reviewer's section leads with findings AutomatosX can stand behind, the
 * agent's own tool calls and what they returned plus facts read off the files, kept apart from the
 * model's prose, which is labelled simulated when it is.
 */
export function renderDemoReport(input: DemoReportInput): string {
  const { result, project, failovers, simulated, facts } = input;
  const output = (key: string) =>
    String(result.steps.find((step) => step.key === key)?.output ?? '(no answer)');
  const { usage } = result.summary;
  const prose = simulated ? 'Agent’s answer (simulated: no model was called)' : 'Agent’s answer';
  const lines = [
    '# Code review',
    '',
    simulated
      ? '> **Simulated answers, real findings.** The findings sections are what the agents’ tool calls returned and what AutomatosX read off the files. The prose is from the built-in provider simulator: no model was called. Set `ANTHROPIC_API_KEY`, `GOOGLE_API_KEY` or `OPENAI_API_KEY` and run `ax demo` again for a real review.'
      : '> Findings from the agents’ tool calls and the files, then each agent’s answer.',
    '',
    `Project: \`${project}\` · execution \`${result.executionId}\` (${result.state}) · ${facts.files} files, ${facts.lines} lines`,
    '',
    `Cost: ${costLine(usage, simulated)}`,
    '',
  ];
  for (const [key, title] of reviewers) {
    const step = result.steps.find((candidate) => candidate.key === key);
    const by = step?.usage ? ` — ${String(step.usage.provider)}/${String(step.usage.model)}` : '';
    lines.push(`## ${title}${by}`, '', '### Findings (tool calls and files; not model output)', '');
    const calls = input.toolCalls.get(key) ?? [];
    if (calls.length === 0) lines.push('- the agent made no tool calls');
    for (const call of calls) lines.push(`- ${describeToolCall(call)}`);
    lines.push(...factsFor(key, facts).map((fact) => `- ${fact}`), '', `### ${prose}`, '', output(key), '');
  }
  lines.push('## Summary (writer)', '', `### ${prose}`, '', output('report'), '');
  lines.push('## How this run went', '', `- Project survey: ${output('survey').replace(/\n/g, '; ')}`);
  lines.push(`- Provider failovers: ${failovers.length === 0 ? 'none' : failovers.join('; ')}`);
  lines.push(
    `- Inspect or resume: \`ax workflow status ${result.executionId}\`, \`ax workflow resume ${result.executionId}\``,
    '',
  );
  return lines.join('\n');
}

/** The cost line: what the tokens would cost, and, when simulated, that nothing was billed. */
export function costLine(
  usage: { inputTokens: number; outputTokens: number; costUsd: number },
  simulated: boolean,
) {
  const tokens = `${usage.inputTokens} input + ${usage.outputTokens} output tokens`;
  return simulated
    ? `$0 billed — simulated answers; at the imitated models’ list prices these ${tokens} would cost $${usage.costUsd.toFixed(4)}`
    : `$${usage.costUsd.toFixed(4)} for ${tokens}`;
}

function factsFor(key: string, facts: ProjectFacts): string[] {
  switch (key) {
    case 'security':
      return [
        facts.secretShaped.length === 0
          ? 'no secret-shaped strings (keys, private keys, literal passwords or tokens) in the files'
          : `${facts.secretShaped.length} secret-shaped string${facts.secretShaped.length === 1 ? '' : 's'} (values redacted): ${places(facts.secretShaped)}`,
      ];
    case 'quality':
      return [
        `${facts.markers.length} TODO/FIXME/HACK marker${facts.markers.length === 1 ? '' : 's'}${facts.markers.length ? `: ${places(facts.markers)}` : ''}`,
        facts.testFiles.length === 0
          ? 'no test files (nothing named *.test.*, *.spec.* or under test/)'
          : `${facts.testFiles.length} test file${facts.testFiles.length === 1 ? '' : 's'}: ${facts.testFiles.slice(0, 5).join(', ')}`,
      ];
    case 'performance':
      return [
        `largest files: ${facts.largest.map((entry) => `${entry.file} (${entry.lines} lines)`).join(', ') || 'none'}`,
      ];
    default:
      return [
        `${facts.files} files, ${facts.lines} lines`,
        facts.dependencies.length === 0
          ? 'no declared dependencies (package.json)'
          : `${facts.dependencies.length} declared dependencies: ${facts.dependencies.slice(0, 8).join(', ')}`,
      ];
  }
}

function places(locations: readonly FactLocation[]): string {
  const shown = locations.slice(0, 6).map((location) => `${location.file}:${location.line}`);
  return locations.length > 6 ? `${shown.join(', ')} and ${locations.length - 6} more` : shown.join(', ');
}

function describeToolCall(call: AgentToolCallRecord): string {
  const input = call.input as Record<string, unknown> | null;
  const args = input
    ? Object.entries(input)
        .filter(([, value]) => typeof value === 'string' || typeof value === 'boolean')
        .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
        .join(' ')
    : '';
  if (call.error) return `\`${call.toolName} ${args}\` failed: ${call.error}`;
  return `\`${call.toolName} ${args}\` → ${describeOutput(call.output)}`;
}

function describeOutput(output: unknown): string {
  if (output && typeof output === 'object' && Array.isArray((output as { matches?: unknown }).matches)) {
    const matches = (output as { matches: (string | { path?: string; line?: number })[] }).matches;
    const shown = matches
      .slice(0, 6)
      .map((match) => (typeof match === 'string' ? match : `${match.path}:${match.line}`));
    return `${matches.length} match${matches.length === 1 ? '' : 'es'}${shown.length ? `: ${shown.join(', ')}` : ''}`;
  }
  if (Array.isArray(output)) return `${output.length} entries: ${output.slice(0, 8).map(String).join(', ')}`;
  if (output && typeof output === 'object') {
    const entries =
      (output as { entries?: unknown; files?: unknown }).entries ?? (output as { files?: unknown }).files;
    if (Array.isArray(entries))
      return `${entries.length} entries: ${entries
        .slice(0, 8)
        .map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry)))
        .join(', ')}`;
  }
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  return (text ?? '').replace(/\s+/g, ' ').slice(0, 200);
}
