import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nearestNames } from '../errors/index.js';
import { AgentProfileError, type ProfileIssue, UnknownAgentError } from './agent-profile-error.js';
import type { AgentProfile } from './agent-profile-schema.js';
import {
  formatPath,
  type ProfileLocator,
  parseAgentProfileWithPositions,
  readAgentProfile,
} from './parse-agent-profile.js';

/** The agents shipped with the package: `agents/` beside `src/` and `dist/`, wherever the user stands. */
export const bundledAgentsDirectory = fileURLToPath(new URL('../../agents/', import.meta.url));

/** A validated profile and the file it came from. */
export interface LoadedAgent {
  profile: AgentProfile;
  file: string;
  /** `home`: the user's `~/.automatosx/agents/`; `user`: the project's `.automatosx/agents/`. */
  origin: 'bundled' | 'home' | 'user' | 'inline';
  /** Positions of fields in the file, so that problems across files still point at a line. */
  locate?: ProfileLocator;
}

export interface LoadAgentRegistryOptions {
  /** Folder of the shipped profiles (default: the package's `agents/`). */
  bundledDirectory?: string;
  /** The project folder whose `.automatosx/agents/*.yaml` add or override agents (default: cwd). */
  projectDirectory?: string;
  /** Skip the shipped agents, e.g. to test a user folder on its own. */
  includeBundled?: boolean;
  /** The user's home, whose `.automatosx/agents/*.yaml` apply to every project (default: the OS's). */
  homeDirectory?: string;
  /** Throw on a broken profile instead of skipping it (default false: the other agents still work). */
  strict?: boolean;
}

/**
 * Loads, validates and indexes agent profiles once. Lookups are by name or alias; a user profile with a
 * bundled agent's name replaces it. Problems across files (a name or alias used twice, a delegate that
 * does not exist) are reported together with the files they come from.
 */
export class AgentRegistry {
  readonly #agents: readonly LoadedAgent[];
  readonly #byKey = new Map<string, LoadedAgent>();
  /** Profiles that could not be loaded, with where and why; the other agents work without them. */
  readonly skipped: readonly ProfileIssue[];

  constructor(agents: readonly LoadedAgent[], skipped: readonly ProfileIssue[] = []) {
    this.skipped = skipped;
    const issues: ProfileIssue[] = [];
    const winners = new Map<string, LoadedAgent>();
    for (const agent of agents) {
      const previous = winners.get(agent.profile.name);
      if (previous && previous.origin === agent.origin) {
        issues.push(
          issueAt(
            agent,
            ['name'],
            `duplicate agent name "${agent.profile.name}", also defined in ${previous.file}`,
          ),
        );
        continue;
      }
      winners.set(agent.profile.name, agent);
    }
    this.#agents = [...winners.values()].sort((a, b) => a.profile.name.localeCompare(b.profile.name));
    for (const agent of this.#agents) this.#byKey.set(agent.profile.name, agent);
    // Shipped agents claim their aliases first, so a clash is reported against the user's file.
    const originOrder = { bundled: 0, home: 1, user: 2, inline: 3 } as const;
    const byOrigin = [...this.#agents].sort((a, b) => originOrder[a.origin] - originOrder[b.origin]);
    for (const agent of byOrigin) {
      for (const [index, alias] of agent.profile.aliases.entries()) {
        const owner = this.#byKey.get(alias);
        if (owner && owner !== agent) {
          const message = `alias "${alias}" is already the name or an alias of agent "${owner.profile.name}"`;
          issues.push(issueAt(agent, ['aliases', index], message));
          continue;
        }
        this.#byKey.set(alias, agent);
      }
    }
    for (const agent of this.#agents) {
      for (const [index, target] of agent.profile.canDelegateTo.entries()) {
        if (this.#byKey.has(target)) continue;
        const near = nearestNames(target, this.#byKey.keys());
        const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
        issues.push(issueAt(agent, ['canDelegateTo', index], `names unknown agent "${target}"${hint}`));
      }
    }
    if (issues.length > 0) throw new AgentProfileError(issues);
  }

  /** All agents, sorted by name. */
  list(): AgentProfile[] {
    return this.#agents.map((agent) => agent.profile);
  }

  entries(): readonly LoadedAgent[] {
    return this.#agents;
  }

  names(): string[] {
    return this.#agents.map((agent) => agent.profile.name);
  }

  /** Names and aliases, for completion and suggestions. */
  keys(): string[] {
    return [...this.#byKey.keys()];
  }

  find(nameOrAlias: string): AgentProfile | undefined {
    return this.#byKey.get(nameOrAlias.toLowerCase())?.profile;
  }

  /** The profile for a name or alias; an unknown one throws with the nearest names. */
  get(nameOrAlias: string): AgentProfile {
    const found = this.find(nameOrAlias);
    if (found) return found;
    throw new UnknownAgentError(nameOrAlias, nearestNames(nameOrAlias, this.#byKey.keys()));
  }

  /** Where the agent's profile was loaded from. */
  sourceOf(nameOrAlias: string): LoadedAgent {
    const profile = this.get(nameOrAlias);
    return this.#byKey.get(profile.name)!;
  }
}

/**
 * Loads the shipped agents, then the user's `~/.automatosx/agents/`, then the project's
 * `.automatosx/agents/` (each later folder overrides an agent of the same name). A profile that does not
 * parse or validate is skipped and listed in `skipped` with its file:line:column, so one broken file
 * does not stop every other agent; `strict` throws instead.
 */
export function loadAgentRegistry(options: LoadAgentRegistryOptions = {}): AgentRegistry {
  const agents: LoadedAgent[] = [];
  const issues: ProfileIssue[] = [];
  const collect = (directory: string, origin: LoadedAgent['origin']) => {
    for (const file of profileFiles(directory)) {
      try {
        const { profile, locate } = readAgentProfile(file);
        agents.push({ profile, locate, file: displayPath(file), origin });
      } catch (error) {
        if (!AgentProfileError.isInstance(error) || !(error instanceof AgentProfileError)) throw error;
        issues.push(...error.issues.map((issue) => ({ ...issue, file: displayPath(issue.file) })));
      }
    }
  };
  if (options.includeBundled !== false)
    collect(options.bundledDirectory ?? bundledAgentsDirectory, 'bundled');
  const home = resolve(options.homeDirectory ?? homedir());
  const project = resolve(options.projectDirectory ?? process.cwd());
  if (home !== project) collect(join(home, '.automatosx', 'agents'), 'home');
  collect(join(project, '.automatosx', 'agents'), 'user');
  if (issues.length > 0 && options.strict) throw new AgentProfileError(issues);
  return new AgentRegistry(agents, issues);
}

/** Builds a registry from YAML texts, for tests and for profiles that do not live in files. */
export function registryFromYaml(sources: Record<string, string>): AgentRegistry {
  return new AgentRegistry(
    Object.entries(sources).map(([file, text]) => ({
      ...parseAgentProfileWithPositions(text, file),
      file,
      origin: 'inline' as const,
    })),
  );
}

function profileFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(directory, name));
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function issueAt(agent: LoadedAgent, path: readonly (string | number)[], message: string): ProfileIssue {
  const { line, column } = agent.locate?.(path) ?? { line: 1, column: 1 };
  return { file: agent.file, line, column, path: formatPath(path), message };
}
