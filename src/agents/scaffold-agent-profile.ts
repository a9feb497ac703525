import { stringify } from 'yaml';
import type { AgentProfileInput, AgentTeam } from './agent-profile-schema.js';
import { parseAgentProfile } from './parse-agent-profile.js';

export interface ScaffoldOptions {
  name: string;
  role?: string;
  team?: AgentTeam;
  /** Start from an existing profile (copied, renamed, aliases dropped). */
  from?: AgentProfileInput;
}

/**
 * The YAML of a new profile for `ax agent create`: valid as written, with a system prompt laid out the
 * way the shipped agents' are (how the specialist works, what it checks, what it returns), for the user
 * to sharpen. Validated before it is returned, so a scaffold never fails `ax agent validate`.
 */
export function scaffoldAgentProfile(options: ScaffoldOptions): string {
  const role = options.role ?? `${options.name} specialist`;
  const base: AgentProfileInput = options.from
    ? { ...options.from, name: options.name, displayName: title(options.name), aliases: [] }
    : {
        name: options.name,
        displayName: title(options.name),
        role,
        team: options.team ?? 'specialised',
        description: `Handles ${role} work: analyses the task, does the work with its tools and reports the result.`,
        systemPrompt: [
          `You are an experienced ${role}. You take tasks in your field from analysis to a finished, checked result.`,
          'How you work: read the relevant files and context first, state your assumptions, make the smallest ' +
            'change that solves the problem, and verify it (run the tests or commands that prove it) before ' +
            'you report.',
          'What you check: correctness against the task, edge cases, consequences for other parts of the ' +
            'system, and anything you could not verify.',
          'Your output: a short summary of what you found and did, the concrete result (files, commands, ' +
            'decisions), and open questions or risks.',
        ].join('\n\n'),
        specializations: [options.name],
        capabilities: [{ name: title(options.name), confidence: 0.8, keywords: [options.name] }],
        tools: ['file', 'bash'],
        preferences: { temperature: 0.2 },
        canDelegateTo: [],
        maxDelegationDepth: 1,
        aliases: [],
      };
  if (options.team) base.team = options.team;
  if (options.role) base.role = options.role;
  const text = `# yaml-language-server: $schema=https://automatosx.dev/schema/agent.schema.json\n${stringify(
    { ...base, $schema: undefined },
    { lineWidth: 110, blockQuote: 'literal' },
  )}`;
  parseAgentProfile(text, `${options.name}.yaml`);
  return text;
}

function title(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}
