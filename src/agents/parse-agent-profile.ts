import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { aliasLimitMessage, excessiveNesting, firstAlias, maxAliasCount } from '../input-limits/index.js';
import { AgentProfileError, type ProfileIssue } from './agent-profile-error.js';
import { type AgentProfile, AgentProfileSchema } from './agent-profile-schema.js';

/**
 * Parses and validates one profile. Every problem (YAML syntax or schema) is reported with the file,
 * line and column of the offending node, so that a person can jump straight to it.
 */
export function parseAgentProfile(text: string, file: string): AgentProfile {
  return parseAgentProfileWithPositions(text, file).profile;
}

/** Finds the line and column of a field, for problems found after parsing (duplicates across files). */
export type ProfileLocator = (path: readonly PropertyKey[]) => { line: number; column: number };

/** Like `parseAgentProfile`, also returning a locator for fields of the parsed document. */
export function parseAgentProfileWithPositions(
  text: string,
  file: string,
): { profile: AgentProfile; locate: ProfileLocator } {
  const tooDeep = excessiveNesting(text);
  if (tooDeep) throw new AgentProfileError([{ file, ...tooDeep, path: '' }]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => lineCounter.linePos(offset);
  if (doc.errors.length > 0) {
    throw new AgentProfileError(
      doc.errors.map((error) => {
        const { line, col } = at(error.pos[0]);
        return { file, line, column: col, path: '', message: error.message.split('\n')[0] ?? error.message };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new AgentProfileError([{ file, ...firstAlias(text), path: '', message: aliasLimitMessage }]);
  }
  const result = AgentProfileSchema.safeParse(data);
  if (result.success) {
    const locate: ProfileLocator = (path) => {
      const { line, col } = locateNode(doc.contents, path, at);
      return { line, column: col };
    };
    return { profile: result.data, locate };
  }
  throw new AgentProfileError(
    result.error.issues.map((issue) =>
      toProfileIssue(issue, file, (path) => locateNode(doc.contents, path, at)),
    ),
  );
}

/** Reads and parses a profile file; a missing or unreadable file is also an invalid-input error. */
export function readAgentProfile(path: string): { profile: AgentProfile; locate: ProfileLocator } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new AgentProfileError([
      { file: path, line: 1, column: 1, path: '', message: `cannot read: ${reason}` },
    ]);
  }
  return parseAgentProfileWithPositions(text, path);
}

type Locator = (path: readonly PropertyKey[]) => { line: number; col: number };

function toProfileIssue(issue: z.core.$ZodIssue, file: string, locateAt: Locator): ProfileIssue {
  const { line, col } = locateAt(issue.path);
  const path = formatPath(issue.path);
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
  if (issue.code === 'unrecognized_keys')
    message = `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return { file, line, column: col, path, message };
}

/** `capabilities[0].confidence` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/** The deepest node along `path` that exists (a missing field points at its parent mapping). */
function locateNode(
  root: unknown,
  path: readonly PropertyKey[],
  at: (offset: number) => { line: number; col: number },
): { line: number; col: number } {
  let node = root as Node | null | undefined;
  let best = node?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      node = pair.value as Node | null;
      const keyRange = (pair.key as Node | null)?.range;
      best = node?.range?.[0] ?? keyRange?.[0] ?? best;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      node = item;
      best = item.range?.[0] ?? best;
    } else {
      break;
    }
  }
  return at(best);
}
