// Start-up benchmark (issue 13, item 15): wall time of `ax --version` and `ax workflow list` as ratios
// to `node -e 0` measured in the same run, interleaved so machine load hits all three alike; and the
// resident memory that importing the engine alone (`automatosx/engine`) and the whole package add
// above a bare Node process. Runs the built dist/.
//   npm run build && node bench/startup.bench.mjs [--runs N] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const root = fileURLToPath(new URL('../', import.meta.url));
const ax = join(root, 'dist', 'cli', 'ax.js');
const folder = mkdtempSync(join(tmpdir(), 'ax-startup-bench-'));
const env = {
  ...process.env,
  DATABASE_PATH: join(folder, 'ax.db'),
  NODE_COMPILE_CACHE: join(folder, 'cache'),
};

const commands = {
  'node -e 0': ['-e', '0'],
  'ax --version': [ax, '--version'],
  'ax workflow list': [ax, 'workflow', 'list'],
};

function timeOnce(argv) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { cwd: folder, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

// One warm-up each (fills the compile cache, as any second run of ax would find it), then interleaved rounds.
for (const argv of Object.values(commands)) timeOnce(argv);
const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (let round = 0; round < runs; round++)
  for (const [name, argv] of Object.entries(commands)) times[name].push(timeOnce(argv));
const baseline = median(times['node -e 0']);

/** RSS a fresh process adds by importing `specifier` (a file in dist/), median of 5. */
function importRss(specifier) {
  const code = `const before = process.memoryUsage().rss; await import(${JSON.stringify(specifier)}); process.stdout.write(String(process.memoryUsage().rss - before));`;
  const values = Array.from({ length: 5 }, () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(result.stderr);
    return Number(result.stdout) / 1024 / 1024;
  });
  return median(values);
}

const figures = {
  runs,
  startup: Object.fromEntries(
    Object.entries(times).map(([name, values]) => [
      name,
      {
        medianMs: Number(median(values).toFixed(1)),
        ratioToNode: Number((median(values) / baseline).toFixed(2)),
      },
    ]),
  ),
  targets: { 'ax --version': 2.5, 'ax workflow list': 5 },
  importRssMiB: {
    'automatosx/engine (workflows + store)': Number(importRss('./dist/engine.js').toFixed(1)),
    'automatosx (whole package)': Number(importRss('./dist/index.js').toFixed(1)),
    target: 40,
  },
};
rmSync(folder, { recursive: true, force: true });

if (args.includes('--json')) process.stdout.write(`${JSON.stringify(figures)}\n`);
else {
  for (const [name, figure] of Object.entries(figures.startup))
    console.log(
      `${name.padEnd(18)} ${String(figure.medianMs).padStart(7)} ms  ${figure.ratioToNode}× node -e 0`,
    );
  for (const [name, mib] of Object.entries(figures.importRssMiB)) console.log(`import ${name}: ${mib} MiB`);
}
