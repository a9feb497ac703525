import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { nearestNames } from '../errors/index.js';
import { automatosxConfigSchema } from './config-schema.js';
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

/**
 * Places each schema problem at the field (or the unknown key) it concerns. JSON is YAML, and the
 * YAML parser keeps each node's source range: that is where a field sits. Loading and
 * `ax config validate` both use this, so every command shows the same file:line:column.
 */
export function locateConfigIssues(
  text: string,
  file: string,
  issues: readonly z.core.$ZodIssue[],
): ConfigIssue[] {
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
        message: key === undefined ? issueMessage(issue) : unknownFieldMessage(issue.path, key),
      };
    });
  });
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.path[0] === 'providers' && issue.path.at(-1) === 'type') {
    return 'set "type" to one of anthropic, google, openai, openai-compatible, cli, simulator (only claude, gemini and openai may omit it)';
  }
  return issue.message;
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

const providerFields = [
  'type',
  'enabled',
  'priority',
  'defaultModel',
  'maxRetries',
  'timeout',
  'rateLimitPerMinute',
  'tokensPerMinute',
  'contextWindow',
  'apiKeyEnv',
  'apiKey',
  'baseURL',
  'api',
  'command',
  'args',
  'protocol',
  'url',
  'faults',
];

const sectionFields: Record<string, readonly string[]> = {
  '': Object.keys(automatosxConfigSchema.shape),
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
    inProfile && path.length === 2
      ? Object.keys(profileConfigSchema.shape)
      : path[0] === 'providers' && path.length === 2
        ? providerFields
        : (sectionFields[section] ?? []);
  const near = nearestNames(key, known);
  return `unknown field${near.length > 0 ? ` (did you mean ${near[0]}?)` : ''}`;
}
