import type { AgentProfile, AgentTeam } from './agent-profile-schema.js';
import { phraseKey, stopWords, tokenize } from './task-tokens.js';

/** Why a term in the task counted for an agent. */
export interface RouteReason {
  /** The words of the task that matched, as written. */
  term: string;
  source: 'capability' | 'specialization' | 'name' | 'role' | 'description';
  /** The capability name, specialisation or field that holds the term. */
  label: string;
  weight: number;
}

export interface RouteMatch {
  agent: string;
  team: AgentTeam;
  score: number;
  /** The score squashed into 0–1 (1 − e^(−score/2)): a rough strength of the match, not a probability. */
  confidence: number;
  reasons: RouteReason[];
}

export interface RouteOptions {
  /** Agents to return (default 5). */
  limit?: number;
  /** Prefer agents of this team (their scores count 25 % more). */
  team?: AgentTeam;
}

export interface RouteResult {
  task: string;
  /** Agents with a positive score, best first. Empty when no term of the task is known to any agent. */
  matches: RouteMatch[];
  best: string | undefined;
}

interface Posting {
  agent: number;
  weight: number;
  reason: Omit<RouteReason, 'term' | 'weight'>;
}

/** A phrase of the task found in the index: its postings and the task's words as written. */
interface MatchedPhrase {
  postings: readonly Posting[];
  words: string;
}

/** How much each part of a profile says about the tasks the agent should get. */
const sourceWeights = { capability: 1, specialization: 1, name: 1.2, role: 0.3, description: 0.2 } as const;
const maxPhraseLength = 4;
const teamBoost = 1.25;

/**
 * Scores every agent against a task from an index built once at construction: each known term or
 * phrase maps to the agents it speaks for, weighted by where it appears in the profile (a capability's
 * keywords count by that capability's confidence), by phrase length (longer phrases are more specific)
 * and by rarity across agents (a term every agent shares tells them apart poorly). A task is read
 * left to right taking the longest known phrase at each point, so "sql injection" counts as one
 * security phrase rather than as "sql" for the database agent plus "injection".
 */
export class TaskRouter {
  readonly #profiles: readonly AgentProfile[];
  readonly #index = new Map<string, Posting[]>();
  readonly #scores: Float64Array;

  constructor(profiles: readonly AgentProfile[]) {
    this.#profiles = profiles;
    this.#scores = new Float64Array(profiles.length);
    const raw = new Map<string, Map<number, Posting>>();
    const add = (text: string, agent: number, weight: number, reason: Posting['reason'], phrases = true) => {
      const key = phraseKey(text);
      if (!key) return;
      const keys = phrases ? [key] : key.split(' ').filter((term) => !stopWords.has(term));
      for (const term of keys) {
        const length = term.split(' ').length;
        if (length > maxPhraseLength) continue;
        const w = weight * (1 + 0.5 * (length - 1));
        let byAgent = raw.get(term);
        if (!byAgent) {
          byAgent = new Map();
          raw.set(term, byAgent);
        }
        const previous = byAgent.get(agent);
        if (!previous || previous.weight < w) byAgent.set(agent, { agent, weight: w, reason });
      }
    };
    profiles.forEach((profile, agent) => {
      for (const name of [profile.name, ...profile.aliases]) {
        add(name, agent, sourceWeights.name, { source: 'name', label: profile.name });
      }
      for (const specialization of profile.specializations) {
        add(specialization, agent, sourceWeights.specialization, {
          source: 'specialization',
          label: specialization,
        });
      }
      for (const capability of profile.capabilities) {
        const reason = {
          source: 'capability',
          label: `${capability.name} (${capability.confidence})`,
        } as const;
        for (const keyword of capability.keywords) add(keyword, agent, capability.confidence, reason);
        add(capability.name, agent, capability.confidence * 0.5, reason, false);
      }
      add(profile.role, agent, sourceWeights.role, { source: 'role', label: 'role' }, false);
      add(
        profile.description,
        agent,
        sourceWeights.description,
        { source: 'description', label: 'description' },
        false,
      );
    });
    const normaliser = Math.log(1 + profiles.length);
    for (const [term, byAgent] of raw) {
      const rarity = Math.log(1 + profiles.length / byAgent.size) / normaliser;
      this.#index.set(
        term,
        [...byAgent.values()]
          .map((posting) => ({ ...posting, weight: posting.weight * rarity }))
          .sort((a, b) => a.agent - b.agent),
      );
    }
  }

  get size(): number {
    return this.#profiles.length;
  }

  /** The ranked agents for a task, with the reasons for each score. */
  route(task: string, options: RouteOptions = {}): RouteResult {
    const limit = options.limit ?? 5;
    const matched: MatchedPhrase[] = [];
    this.#score(task, options.team, matched);
    const matches: RouteMatch[] = this.#top(limit).map((agent) => {
      const profile = this.#profiles[agent]!;
      const score = round(this.#scores[agent]!);
      return {
        agent: profile.name,
        team: profile.team,
        score,
        confidence: round(1 - Math.exp(-score / 2)),
        reasons: this.#reasons(agent, matched),
      };
    });
    return { task, matches, best: matches[0]?.agent };
  }

  /** The best agent's name, or undefined when nothing in the task is known: the hot path, no reasons. */
  best(task: string, options: Pick<RouteOptions, 'team'> = {}): string | undefined {
    this.#score(task, options.team);
    const [top] = this.#top(1);
    return top === undefined ? undefined : this.#profiles[top]!.name;
  }

  /** Fills `#scores`; with `matched`, also lists the phrases that matched, for explanations. */
  #score(task: string, team: AgentTeam | undefined, matched?: MatchedPhrase[]): void {
    const scores = this.#scores;
    scores.fill(0);
    const surface: string[] | undefined = matched ? [] : undefined;
    const terms = tokenize(task, surface);
    let i = 0;
    while (i < terms.length) {
      let length = Math.min(maxPhraseLength, terms.length - i);
      for (; length >= 1; length--) {
        const key = length === 1 ? terms[i]! : terms.slice(i, i + length).join(' ');
        if (length === 1 && stopWords.has(key)) length = 0;
        const postings = length > 0 ? this.#index.get(key) : undefined;
        if (!postings) continue;
        for (const posting of postings) scores[posting.agent]! += posting.weight;
        matched?.push({ postings, words: surface!.slice(i, i + length).join(' ') });
        break;
      }
      i += Math.max(length, 1);
    }
    if (team !== undefined) {
      this.#profiles.forEach((profile, agent) => {
        if (profile.team === team) scores[agent]! *= teamBoost;
      });
    }
  }

  /**
   * Why `agent` scored: its posting in each matched phrase. Postings are in agent order, so each lookup is a
   * binary search — only the agents shown pay for explanations, however many agents there are.
   */
  #reasons(agent: number, matched: readonly MatchedPhrase[]): RouteReason[] {
    const reasons: RouteReason[] = [];
    for (const { postings, words } of matched) {
      let low = 0;
      let high = postings.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const candidate = postings[middle]!;
        if (candidate.agent === agent) {
          reasons.push({ term: words, weight: round(candidate.weight), ...candidate.reason });
          break;
        }
        if (candidate.agent < agent) low = middle + 1;
        else high = middle - 1;
      }
    }
    return reasons.sort((a, b) => b.weight - a.weight);
  }

  /** Indexes of the best `limit` agents with a positive score; ties go to the earlier (alphabetical) agent. */
  #top(limit: number): number[] {
    const scores = this.#scores;
    const top: number[] = [];
    for (let agent = 0; agent < scores.length; agent++) {
      const score = scores[agent]!;
      if (score <= 0) continue;
      if (top.length === limit && score <= scores[top[top.length - 1]!]!) continue;
      let at = top.length;
      while (at > 0 && scores[top[at - 1]!]! < score) at--;
      top.splice(at, 0, agent);
      if (top.length > limit) top.pop();
    }
    return top;
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
