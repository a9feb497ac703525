import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { AutomatosxError, InvalidInputError } from '../errors/index.js';
import { type ConfigIssue, locateConfigIssues } from './config-issues.js';
import { parseConfig } from './load-config.js';

export { type ConfigIssue, formatConfigIssue } from './config-issues.js';

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
    return locateConfigIssues(text, file, issues);
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
