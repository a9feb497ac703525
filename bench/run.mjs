// `npm run bench`: AutomatosX side by side with LangGraph.js, Mastra and the Portkey gateway on this
// machine, in one run, plus our own micro-benchmarks. Installs bench/peers (its own package) and builds
// dist/ when needed, runs every workload in child processes, prints the table and rewrites
// docs/benchmarks.md. Never part of `npm test`.
//   node bench/run.mjs [--quick] [--only chain,fanout,model,kill,provider,micro] [--no-write]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { renderConsole, renderMarkdown } from './workloads/report.mjs';
import { startSimulator } from './workloads/services.mjs';

/** Where the sections measured by other bench scripts start in docs/benchmarks.md. */
const handWrittenMarker = '<!-- Hand-written sections:';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => fileURLToPath(new URL(path, new URL('..', import.meta.url)));
const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? null : new Set(process.argv[onlyIndex + 1].split(','));
const wanted = (name) => only === null || only.has(name);
const log = (line) => process.stderr.write(`${line}\n`);

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

function ensurePeers() {
  const peers = at('bench/peers');
  if (
    existsSync(`${peers}/node_modules/@langchain/langgraph/package.json`) &&
    existsSync(`${peers}/node_modules/@mastra/core/package.json`)
  )
    return;
  log('installing bench/peers (LangGraph.js, Mastra, Portkey gateway) …');
  const flock = spawnSync('sh', ['-c', 'command -v flock'], { encoding: 'utf8' }).stdout.trim();
  const npm = ['npm', 'install', '--no-audit', '--no-fund'];
  const status = flock
    ? sh(flock, ['/tmp/npm.lock', ...npm], { cwd: peers })
    : sh(npm[0], npm.slice(1), { cwd: peers });
  if (status !== 0)
    throw new Error('npm install in bench/peers failed; see the output above, then run npm run bench again');
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuild() {
  const index = at('dist/index.js');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(at('src'))) return;
  log('building dist/ …');
  // Type errors do not stop the emit; what matters is that dist/ exists afterwards.
  sh('npx', ['tsc', '-p', 'tsconfig.build.json']);
  if (sh(process.execPath, ['scripts/finish-build.mjs']) !== 0 || !existsSync(index))
    throw new Error('the build did not produce dist/index.js; run npm run build and fix what it reports');
}

/** The line that says what went wrong (an Error line), else the last lines of the output. */
function reasonOf(text) {
  const lines = text.trim().split('\n');
  return (lines.find((line) => /\b\w*Error\b/.test(line)) ?? lines.slice(-3).join(' | ')).slice(0, 300);
}

/** Runs one workload child process and returns its result line (or { failed }). */
function child(script, args, timeoutMs = 240_000) {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [at(script), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
    });
    proc.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(9)));
      else
        resolve({
          failed: `${script} ${args.join(' ')} exited ${code ?? signal}: ${reasonOf(err || out)}`,
        });
    });
  });
}

async function repeat(label, reps, engines, run) {
  const results = Object.fromEntries(engines.map((e) => [e, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const engine of engines) {
      log(`${label}: ${engine} (${rep + 1}/${reps})`);
      const result = await run(engine);
      if (result.failed) log(`  ${result.failed}`);
      results[engine].push(result);
    }
  }
  return results;
}

function microBenches() {
  const files = readdirSync(at('bench'))
    .filter((f) => f.endsWith('.bench.mjs'))
    .sort();
  const out = {};
  for (const file of files) {
    const text = readFileSync(at(`bench/${file}`), 'utf8');
    if (!text.includes("'--json'")) {
      out[file] = { skipped: 'has no --json output' };
      continue;
    }
    log(`micro-benchmark: ${file}`);
    const begun = Date.now();
    const flags = text.includes("'../src/") ? ['--experimental-transform-types', '--no-warnings'] : [];
    const result = spawnSync(process.execPath, [...flags, at(`bench/${file}`), '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    });
    try {
      out[file] = {
        figures: JSON.parse(result.stdout.slice(result.stdout.indexOf('{'))),
        seconds: (Date.now() - begun) / 1000,
      };
    } catch {
      const lines = (result.stderr || '').trim().split('\n');
      const reason = lines.find((line) => /\b\w*Error\b/.test(line)) ?? lines.slice(-2).join(' ');
      out[file] = { skipped: `failed (exit ${result.status ?? result.signal}): ${reason.slice(0, 200)}` };
    }
  }
  return out;
}

const gitCommit = () =>
  spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
const uptime = () => spawnSync('uptime', [], { encoding: 'utf8' }).stdout.trim();

const started = Date.now();
ensurePeers();
ensureBuild();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: totalmem() / 2 ** 30,
  kernel: release(),
  node: process.version,
  commit: gitCommit(),
  date: new Date().toISOString(),
  loadBefore: loadavg(),
  uptimeBefore: uptime(),
};
const peerVersions = Object.fromEntries(
  [
    '@langchain/langgraph',
    '@langchain/langgraph-checkpoint-sqlite',
    '@langchain/openai',
    '@mastra/core',
    '@mastra/libsql',
    '@portkey-ai/gateway',
    'better-sqlite3',
    '@hono/node-server',
  ].map((name) => [
    name,
    JSON.parse(readFileSync(at(`bench/peers/node_modules/${name}/package.json`), 'utf8')).version,
  ]),
);
const reps = quick ? 1 : 3;
const results = { quick };

if (wanted('chain'))
  results.chain = await repeat(
    '1 chain',
    reps,
    ['ax', 'langgraph', 'langgraph-sync', 'mastra', 'sqlite-floor'],
    (engine) =>
      child('bench/workloads/chain.mjs', [
        '--engine',
        engine,
        '--steps',
        '100',
        '--rounds',
        quick ? '4' : '10',
      ]),
  );
if (wanted('fanout'))
  results.fanout = await repeat('2 fan-out', reps, ['ax', 'langgraph', 'mastra'], (engine) =>
    child('bench/workloads/fanout.mjs', ['--engine', engine, '--steps', '1000']),
  );
if (wanted('model')) {
  const sim = await startSimulator(20);
  try {
    results.model = await repeat('3 model calls', reps, ['ax', 'langgraph', 'mastra'], (engine) =>
      child('bench/workloads/model.mjs', [
        '--engine',
        engine,
        '--url',
        sim.openai,
        '--workflows',
        '200',
        '--steps',
        '5',
      ]),
    );
  } finally {
    sim.stop();
  }
}
if (wanted('kill'))
  results.kill = await repeat(
    '4 kill/resume',
    reps,
    ['ax', 'langgraph', 'langgraph-sync', 'mastra'],
    (engine) => child('bench/workloads/kill-resume.mjs', ['--engine', engine]),
  );
if (wanted('provider')) {
  log('5 provider layer: router and Portkey against the simulator (about 2 minutes)');
  results.provider = await child(
    'bench/workloads/provider.mjs',
    quick
      ? ['--rounds', '2', '--per-round', '30', '--fault-reps', '1']
      : ['--rounds', '5', '--per-round', '60', '--fault-reps', '2'],
    600_000,
  );
}
if (wanted('micro')) results.micro = microBenches();
machine.loadAfter = loadavg();
machine.uptimeAfter = uptime();
machine.minutes = (Date.now() - started) / 60_000;

process.stdout.write(renderConsole(results, machine));
if (!process.argv.includes('--no-write') && only === null) {
  // The sections other bench scripts measure sit below a marker line and are kept as they are.
  const previous = existsSync(at('docs/benchmarks.md')) ? readFileSync(at('docs/benchmarks.md'), 'utf8') : '';
  const kept = previous.indexOf(handWrittenMarker);
  writeFileSync(
    at('docs/benchmarks.md'),
    `${renderMarkdown(results, machine, peerVersions)}${kept === -1 ? '' : `\n${previous.slice(kept)}`}`,
  );
  log('wrote docs/benchmarks.md');
} else {
  log('docs/benchmarks.md not rewritten (--only or --no-write)');
}
