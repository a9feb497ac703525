import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: tests that run the `ax` binary run the built CLI, as a user would, so the
 * build is brought up to date once before any test starts. Type errors do not stop the emit; they are
 * reported here and fail `npm run typecheck`, which CI runs before the tests.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0)
    process.stderr.write(`build: type errors (run npm run typecheck):\n${tsc.stdout.slice(0, 2000)}\n`);
  const finish = spawnSync(process.execPath, ['scripts/finish-build.mjs'], { cwd: root, encoding: 'utf8' });
  if (finish.status !== 0) throw new Error(`build failed: ${finish.stderr}`);
}
