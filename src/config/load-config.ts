import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '../errors/index.js';
import { excessiveNesting } from '../input-limits/index.js';
import { formatConfigIssue, locateConfigIssues } from './config-issues.js';
import { type AutomatosxConfig, automatosxConfigSchema, builtinProviderTypes } from './config-schema.js';

export const configFileName = 'automatosx.config.json';

export interface LoadedConfig {
  config: AutomatosxConfig;
  /** The file read, or undefined when there is none and defaults apply. */
  path: string | undefined;
}

/**
 * Reads and validates `automatosx.config.json` (from `path`, else from `cwd`). A missing file means
 * defaults; a broken one is an `InvalidInputError` naming the file, the field or line, and the fix.
 */
export function loadConfig(options: { cwd?: string; path?: string } = {}): LoadedConfig {
  const path = resolve(options.cwd ?? process.cwd(), options.path ?? configFileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT' && options.path === undefined) {
      return { config: automatosxConfigSchema.parse({}), path: undefined };
    }
    throw new InvalidInputError(`cannot read config file ${path}: ${(error as Error).message}`, {
      code: 'config-unreadable',
      cause: error,
    });
  }
  return { config: parseConfig(text, path), path };
}

/** Validates config text; `source` names it in errors. */
export function parseConfig(text: string, source: string): AutomatosxConfig {
  const tooDeep = excessiveNesting(text);
  if (tooDeep) {
    throw new InvalidInputError(`${source}:${tooDeep.line}:${tooDeep.column}: ${tooDeep.message}`, {
      code: 'config-invalid',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(
      `${source}${jsonErrorPosition(text, error)}: not valid JSON (${(error as Error).message})`,
      {
        code: 'config-invalid',
        cause: error,
      },
    );
  }
  const result = automatosxConfigSchema.safeParse(withBuiltinTypes(raw));
  if (!result.success) {
    const lines = locateConfigIssues(text, source, result.error.issues).map(
      (issue) => `  ${formatConfigIssue(issue)}`,
    );
    throw new InvalidInputError(`invalid configuration:\n${lines.join('\n')}`, {
      code: 'config-invalid',
      cause: result.error,
    });
  }
  return result.data;
}

/** `claude`, `gemini` and `openai` may omit `type`, as in the seed's config example. */
function withBuiltinTypes(raw: unknown): unknown {
  if (!isRecord(raw) || !isRecord(raw.providers)) return raw;
  const providers: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(raw.providers)) {
    const builtin = builtinProviderTypes[name as keyof typeof builtinProviderTypes];
    providers[name] =
      isRecord(entry) && entry.type === undefined && builtin ? { type: builtin, ...entry } : entry;
  }
  return { ...raw, providers };
}

function jsonErrorPosition(text: string, error: unknown): string {
  const match = /position (\d+)/.exec((error as Error).message ?? '');
  if (!match?.[1]) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
