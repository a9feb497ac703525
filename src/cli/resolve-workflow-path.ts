import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The sample workflows shipped in the package (`workflows/`), found wherever the user stands. */
export const bundledWorkflowsDir = fileURLToPath(new URL('../../workflows/', import.meta.url));

const extensions = ['', '.yaml', '.yml', '.json'];

/**
 * A path to a workflow file as given, or else the name of a bundled sample (`getting-started`).
 * Returns the argument unchanged when neither exists, so the loader reports the missing file.
 */
export function resolveWorkflowPath(argument: string): string {
  if (existsSync(argument)) return resolve(argument);
  if (!argument.includes('/')) {
    for (const extension of extensions) {
      const candidate = join(bundledWorkflowsDir, `${argument}${extension}`);
      if (existsSync(candidate)) return candidate;
    }
  }
  return argument;
}

/** Names of the bundled samples, for help texts and "did you mean". */
export function bundledWorkflowNames(): string[] {
  try {
    return readdirSync(bundledWorkflowsDir)
      .filter((name) => /\.(ya?ml|json)$/.test(name))
      .map((name) => name.replace(/\.(ya?ml|json)$/, ''))
      .sort();
  } catch {
    return [];
  }
}
