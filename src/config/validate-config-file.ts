import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { AutomatosxError, InvalidInputError, nearestNames } from '../errors/index.js';
import { parseConfig } from './load-config.js';
import {
  alertsConfigSchema,
  loggingConfigSchema,
  profileConfigSchema,
  telemetryConfigSchema,
  webhookAlertConfigSchema,
  workflowsConfigSchema,
} from './operations-config-schema.js';

/** One problem in a config file, at the line and column of the field at fault. */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** `file:line:column: path: message`, the form editors and terminals turn into links. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}

/** Reads and checks a config file; an unreadable file is an `InvalidInputError`, problems are returned. */
export function validateConfigFile(path: string): ConfigIssue[] {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`cannot read config file ${file}: ${(error as Error).message}`, {
      code: 'config-unreadable',
      cause: error,
    });
  }
  return validateConfigText(text, file);
}

/**
 * Every problem in config text, each located: JSON syntax errors at their position, schema problems at
 * the field (or the unknown key) they concern. The same checks as loading, so a file that passes here
 * loads everywhere.
 */
export function validateConfigText(text: string, file: string): ConfigIssue[] {
  try {
    parseConfig(text, file);
    return [];
  } catch (error) {
    if (!AutomatosxError.isInstance(error)) throw error;
    const issues = (error.cause as { issues?: z.core.$ZodIssue[] } | undefined)?.issues;
    if (!issues) return [syntaxIssue(text, file, error)];
    // JSON is YAML, and the YAML parser keeps each node's source range: that is where a field sits.
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter });
    return issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
      return keys.map((key) => {
        const path = key === undefined ? issue.path : [...issue.path, key];
        const offset = locate(document.contents, path, key !== undefined);
        const { line, col } = lineCounter.linePos(offset);
        return {
          file,
          line,
          column: col,
          path: path.map(String).join('.'),
          message: key === undefined ? issue.message : unknownFieldMessage(issue.path, key),
        };
      });
    });
  }
}

function syntaxIssue(text: string, file: string, error: Error): ConfigIssue {
  const position = /:(\d+):(\d+): not valid JSON \((.*)\)$/s.exec(error.message);
  if (position) {
    return {
      file,
      line: Number(position[1]),
      column: Number(position[2]),
      path: '',
      message: `not valid JSON: ${position[3]}`,
    };
  }
  const limit = /:(\d+):(\d+): (nested .*|brackets nested .*)$/s.exec(error.message);
  if (limit) return { file, line: Number(limit[1]), column: Number(limit[2]), path: '', message: limit[3]! };
  const lines = text.split('\n').length;
  return { file, line: lines, column: 1, path: '', message: error.message };
}

/**
 * The offset of the deepest node on `path` that exists: the key itself for an unknown field, the value
 * for a wrong one, the nearest existing parent when the field is missing.
 */
function locate(root: unknown, path: readonly PropertyKey[], atKey: boolean): number {
  let node = root as Node | null | undefined;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    if (!isMap(node) && !(node && 'items' in node)) break;
    const items = (node as { items: unknown[] }).items;
    const entry = isMap(node)
      ? node.items.find(
          (pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === String(segment),
        )
      : items[Number(segment)];
    if (!entry) break;
    if (isPair(entry)) {
      const last = index === path.length - 1;
      if (last && atKey && isScalar(entry.key)) return entry.key.range?.[0] ?? offset;
      node = entry.value as Node | null;
      offset = node?.range?.[0] ?? (isScalar(entry.key) ? entry.key.range?.[0] : undefined) ?? offset;
    } else {
      node = entry as Node;
      offset = node.range?.[0] ?? offset;
    }
  }
  return offset;
}

const sectionFields: Record<string, readonly string[]> = {
  logging: Object.keys(loggingConfigSchema.shape),
  workflows: Object.keys(workflowsConfigSchema.shape),
  telemetry: Object.keys(telemetryConfigSchema.shape),
  alerts: Object.keys(alertsConfigSchema.shape),
  'alerts.webhook': Object.keys(webhookAlertConfigSchema.shape),
};

/** `unknown field (did you mean level?)`, with the fields of the section it sits in (profiles included). */
function unknownFieldMessage(parent: readonly PropertyKey[], key: string): string {
  const path = parent.map(String);
  const inProfile = path[0] === 'profiles';
  const section = (inProfile ? path.slice(2) : path).join('.');
  const known =
    inProfile && path.length === 2 ? Object.keys(profileConfigSchema.shape) : (sectionFields[section] ?? []);
  const near = nearestNames(key, known);
  return `unknown field${near.length > 0 ? ` (did you mean ${near[0]}?)` : ''}`;
}
