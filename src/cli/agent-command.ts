import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  type AgentProfile,
  AgentProfileError,
  AgentRegistry,
  AgentTeam,
  type CommandOutput,
  formatTable,
  type LoadedAgent,
  loadAgentRegistry,
  printJson,
  processOutput,
  readAgentProfile,
  scaffoldAgentProfile,
  skippedProfileWarnings,
  TaskRouter,
} from '../agents/index.js';
import { InvalidInputError } from '../errors/index.js';

interface JsonOption {
  json?: boolean;
}

const teams = Object.values(AgentTeam);

/** `ax agent list|show|route|validate|create`: the agents, how tasks are routed to them, and new profiles. */
export function agentCommand(output: CommandOutput = processOutput): Command {
  const command = new Command('agent').description('list, inspect, route to, validate and create agents');
  const json = () => new Option('--json', 'print machine-readable JSON');
  const registry = () => {
    const loaded = loadAgentRegistry({ projectDirectory: process.cwd() });
    for (const line of skippedProfileWarnings(loaded.skipped)) output.err(`${line}\n`);
    return loaded;
  };

  command
    .command('list')
    .description('list the agents: the shipped ones and those in .automatosx/agents/')
    .addOption(new Option('--team <team>', 'only this team').choices(teams))
    .addOption(json())
    .addHelpText('after', '\nExamples:\n  ax agent list\n  ax agent list --team leadership --json')
    .action((options: JsonOption & { team?: string }) => {
      const entries = registry()
        .entries()
        .filter((entry) => !options.team || entry.profile.team === options.team);
      if (options.json) {
        printJson(
          output,
          entries.map(({ profile, file, origin }) => ({
            name: profile.name,
            displayName: profile.displayName,
            team: profile.team,
            role: profile.role,
            aliases: profile.aliases,
            tools: profile.tools,
            origin,
            file,
          })),
        );
        return;
      }
      const rows = entries.map(({ profile, origin }) => [
        profile.name,
        profile.team,
        profile.aliases.join(', ') || '-',
        origin === 'user' ? `${profile.role} (project)` : profile.role,
      ]);
      output.out(
        `${formatTable([['NAME', 'TEAM', 'ALIASES', 'ROLE'], ...rows])}\n${entries.length} agents\n`,
      );
    });

  command
    .command('show')
    .description('show one agent: role, capabilities, tools, delegation and system prompt')
    .argument('<name>', 'agent name or alias')
    .addOption(json())
    .addHelpText('after', '\nExamples:\n  ax agent show backend\n  ax agent show architecture --json')
    .action((name: string, options: JsonOption) => {
      const entry = registry().sourceOf(name);
      if (options.json) {
        printJson(output, { ...entry.profile, origin: entry.origin, file: entry.file });
        return;
      }
      output.out(describeAgent(entry));
    });

  command
    .command('route')
    .description('rank the agents for a task, best first')
    .argument('<task>', 'the task, in plain words')
    .option('--explain', 'show which words of the task counted for each agent, and how much')
    .option('--limit <n>', 'agents to show', (value) => positiveInteger(value, '--limit'), 5)
    .addOption(new Option('--team <team>', 'prefer agents of this team').choices(teams))
    .addOption(json())
    .addHelpText(
      'after',
      '\nExamples:\n  ax agent route "Add an index to speed up the orders query"\n' +
        '  ax agent route "Plan next quarter\'s roadmap" --explain\n  ax agent route "Review the PR" --json',
    )
    .action((task: string, options: JsonOption & { explain?: boolean; limit: number; team?: AgentTeam }) => {
      const router = new TaskRouter(registry().list());
      const result = router.route(task, {
        limit: options.limit,
        ...(options.team ? { team: options.team } : {}),
      });
      if (options.json) {
        printJson(output, result);
        return;
      }
      if (result.matches.length === 0) {
        output.out('no agent matches any word of this task; name one with `ax run <agent> "<task>"`\n');
        process.exitCode = 1;
        return;
      }
      const rows = result.matches.map((match, index) => [
        `${index + 1}.`,
        match.agent,
        match.score.toFixed(2),
        `${Math.round(match.confidence * 100)}%`,
      ]);
      output.out(`${formatTable([['#', 'AGENT', 'SCORE', 'CONFIDENCE'], ...rows])}\n`);
      if (options.explain) {
        for (const match of result.matches) {
          output.out(`\n${match.agent} (${match.team}), score ${match.score.toFixed(2)}:\n`);
          for (const reason of match.reasons) {
            output.out(
              `  +${reason.weight.toFixed(2)}  "${reason.term}"  ${reason.source}: ${reason.label}\n`,
            );
          }
        }
      }
    });

  command
    .command('validate')
    .description('check an agent profile file and report every problem with file:line:column')
    .argument('<file>', 'profile file (YAML)')
    .addOption(json())
    .addHelpText(
      'after',
      '\nExamples:\n  ax agent validate .automatosx/agents/lawyer.yaml\n  ax agent validate my-agent.yaml --json',
    )
    .action((file: string, options: JsonOption) => {
      const { profile } = readAgentProfile(file);
      checkAgainstRegistry(file, profile);
      if (options.json) printJson(output, { valid: true, file, name: profile.name });
      else output.out(`✓ ${file}: agent '${profile.name}' is valid\n`);
    });

  command
    .command('create')
    .description('write a new profile to .automatosx/agents/<name>.yaml, ready to edit')
    .argument('<name>', 'lower-case name, e.g. lawyer or data-privacy')
    .option('--role <role>', 'one line: what the agent is')
    .addOption(new Option('--team <team>', 'team').choices(teams))
    .option('--from <agent>', 'start from a copy of this agent')
    .option('--force', 'overwrite an existing profile')
    .addOption(json())
    .addHelpText(
      'after',
      '\nExamples:\n  ax agent create lawyer --role "Contract and licence reviewer" --team specialised\n' +
        '  ax agent create backend-go --from backend',
    )
    .action(
      (
        name: string,
        options: JsonOption & { role?: string; team?: AgentTeam; from?: string; force?: boolean },
      ) => {
        if (!/^[a-z][a-z0-9-]*$/.test(name)) {
          throw new InvalidInputError(
            `"${name}" is not a valid agent name: use lower-case letters, digits and -`,
          );
        }
        const from = options.from ? registry().get(options.from) : undefined;
        const text = scaffoldAgentProfile({
          name,
          ...(options.role ? { role: options.role } : {}),
          ...(options.team ? { team: options.team } : {}),
          ...(from ? { from } : {}),
        });
        const folder = resolve('.automatosx', 'agents');
        const file = join(folder, `${name}.yaml`);
        if (existsSync(file) && !options.force) {
          throw new InvalidInputError(`${file} already exists; edit it, or pass --force to overwrite it`);
        }
        mkdirSync(folder, { recursive: true });
        writeFileSync(file, text);
        if (options.json) printJson(output, { created: file, name });
        else output.out(`created ${file}\nedit it, then check it with: ax agent validate ${file}\n`);
      },
    );

  return command;
}

/** A profile that is valid alone can still clash with the others (a taken alias, an unknown delegate). */
function checkAgainstRegistry(file: string, profile: AgentProfile): void {
  const others = loadAgentRegistry({ projectDirectory: process.cwd() })
    .entries()
    .filter((entry) => entry.profile.name !== profile.name && resolve(entry.file) !== resolve(file));
  try {
    new AgentRegistry([...others, { profile, file, origin: 'user' }]);
  } catch (error) {
    if (error instanceof AgentProfileError) {
      const own = error.issues.filter((issue) => issue.file === file);
      if (own.length > 0) throw new AgentProfileError(own);
    }
    throw error;
  }
}

function describeAgent({ profile, file, origin }: LoadedAgent): string {
  const lines = [
    `${profile.displayName} (${profile.name})`,
    `  role:            ${profile.role}`,
    `  team:            ${profile.team}`,
    `  aliases:         ${profile.aliases.join(', ') || '-'}`,
    `  tools:           ${profile.tools.join(', ') || '-'}`,
    `  delegates to:    ${profile.canDelegateTo.join(', ') || '-'} (depth ${profile.maxDelegationDepth})`,
    `  model:           ${describePreferences(profile)}`,
    `  profile:         ${file} (${origin})`,
    '',
    profile.description,
    '',
    'Specialisations:',
    `  ${profile.specializations.join(', ')}`,
    '',
    'Capabilities:',
    ...profile.capabilities.map(
      (capability) =>
        `  ${capability.confidence.toFixed(2)}  ${capability.name}: ${capability.keywords.join(', ')}`,
    ),
    '',
    'System prompt:',
    ...profile.systemPrompt
      .trimEnd()
      .split('\n')
      .map((line) => (line ? `  ${line}` : '')),
  ];
  return `${lines.join('\n')}\n`;
}

function describePreferences(profile: AgentProfile): string {
  const p = profile.preferences;
  if (!p) return 'router default';
  const parts = [
    p.provider ? `provider ${p.provider}` : 'router default provider',
    p.model ? `model ${p.model}` : undefined,
    p.fallbackProviders?.length ? `fallback ${p.fallbackProviders.join(', ')}` : undefined,
    p.temperature !== undefined ? `temperature ${p.temperature}` : undefined,
    p.maxTokens !== undefined ? `max ${p.maxTokens} tokens` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

export function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidInputError(`${flag} must be a whole number ≥ 1`);
  return number;
}
