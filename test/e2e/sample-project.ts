import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The small project under `test/fixtures/sample-project` that sample workflows and e2e tests run against. */
export const sampleProjectPath = fileURLToPath(new URL('../fixtures/sample-project/', import.meta.url));

/** Repository root, where `workflows/`, `examples/` and `dist/` live. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Keys that would make the router call a real provider; tests remove them so the simulator serves. */
export const providerKeyVariables = [
  'ANTHROPIC_API_KEY',
  'GOOGLE_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_GENERATIVE_AI_API_KEY',
  'OPENAI_API_KEY',
] as const;

/** An environment for a child `ax` with every provider key unset (undefined entries are not passed on). */
export function simulatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...extra };
  for (const name of providerKeyVariables) env[name] = undefined;
  return env;
}

/**
 * Copies the sample project to a fresh temporary folder and, unless told not to, makes it a git repository
 * with one commit, so `git` steps see what they would in a user's checkout.
 */
export function copySampleProject(options: { git?: boolean; prefix?: string } = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), options.prefix ?? 'ax-sample-')));
  cpSync(sampleProjectPath, dir, { recursive: true });
  if (options.git !== false) {
    const git = (...args: string[]) => {
      const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${result.stderr}`);
    };
    git('init', '-q');
    git('add', '-A');
    git(
      '-c',
      'user.email=tests@automatosx.invalid',
      '-c',
      'user.name=AutomatosX tests',
      'commit',
      '-qm',
      'sample',
    );
  }
  return dir;
}
