// Restate 1.7 (server binary from @restatedev/restate-server) + @restatedev/restate-sdk 1.17 in the
// scale-out workloads (issue 17). The server tries an outside version check at start-up, so this runs
// in a loopback-only network namespace: `unshare -n node bench/peers/durable/restate.mjs` (as root; it
// brings `lo` up itself). Prints JSON: no-op step cost, 5-step workflows/s, 1,000-way fan-out, recovery after SIGKILL.
// With `dispatch` (`unshare -n node restate.mjs dispatch`): 5-step workflows/s of no-op steps and of 50 ms
// steps served by 1, 2, 3 endpoint processes instead (the dispatched workloads).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const binary = join(
  dirname(require.resolve('@restatedev/restate-server-linux-x64/package.json')),
  'bin/restate-server',
);
const endpointFile = fileURLToPath(new URL('restate-endpoint.mjs', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

execFileSync('ip', ['link', 'set', 'lo', 'up']);
const dir = mkdtempSync(join(tmpdir(), 'ax-restate-'));
const server = spawn(binary, ['--base-dir', dir], {
  env: { ...process.env, RESTATE_LOG_FILTER: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

async function until(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function startEndpoint(env = {}) {
  const child = spawn(process.execPath, [endpointFile], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve) =>
    child.stdout.on('data', (chunk) => chunk.includes('ready') && resolve()),
  );
  return { child, ready };
}

const call = async (handler, body, service = 'bench') => {
  const response = await fetch(`http://127.0.0.1:8080/${service}/${handler}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${handler}: ${response.status} ${await response.text()}`);
  return response.json();
};

const register = async (uri) => {
  const registered = await fetch('http://127.0.0.1:9070/deployments', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uri }),
  });
  if (!registered.ok) throw new Error(`register: ${registered.status} ${await registered.text()}`);
};

/**
 * The dispatched workloads. Restate sends each invocation to the deployment of its service, and one
 * deployment is one endpoint URI, so spreading one service over several processes needs a load
 * balancer in front of them. Here each endpoint process serves the same handlers under its own
 * service name (bench0, bench1, bench2) as its own deployment and the bench hands out invocations
 * round-robin: a perfect balancer, with no proxy hop or proxy CPU. Restate has no per-endpoint limit
 * on invocations in flight, so the bench keeps 4 per endpoint in flight (the other engines' slots).
 */
async function dispatchWorkloads() {
  const endpoints = [0, 1, 2].map((index) =>
    startEndpoint({ SERVICE: `bench${index}`, PORT: String(9081 + index) }),
  );
  await Promise.all(endpoints.map((endpoint) => endpoint.ready));
  for (const index of [0, 1, 2]) await register(`http://127.0.0.1:${9081 + index}`);
  for (const index of [0, 1, 2])
    await until(async () => (await call('five', 0, `bench${index}`)) === 5, 'ingress');
  const slots = 4;
  const results = { slots };
  for (const [name, waitMs, runs] of [
    ['noop', 0, 300],
    ['wait50', 50, 180],
  ]) {
    results[name] = {};
    for (const workers of [1, 2, 3]) {
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: workers * slots }, async (_, lane) => {
          while (next < runs) {
            next++;
            await call('five', waitMs, `bench${lane % workers}`);
          }
        }),
      );
      results[name][workers] = runs / ((performance.now() - start) / 1000);
    }
  }
  for (const endpoint of endpoints) endpoint.child.kill('SIGKILL');
  return results;
}

try {
  await until(async () => (await fetch('http://127.0.0.1:9070/health')).ok, 'restate-server');
  if (process.argv[2] === 'dispatch') {
    process.stdout.write(`${JSON.stringify(await dispatchWorkloads())}\n`);
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  }
  let endpoint = startEndpoint();
  await endpoint.ready;
  await register('http://127.0.0.1:9080');
  await until(async () => (await call('chain', 1)) === 1, 'ingress');
  const results = {};
  // 1. durable no-op step: 200-step chain, median of 5
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    await call('chain', 200);
    rounds.push((performance.now() - start) / 200);
  }
  results.stepMs = median(rounds);
  // 2. 5-step no-op workflows/s: 200 at once, median of 3
  const rates = [];
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    await Promise.all(Array.from({ length: 200 }, () => call('chain', 5)));
    rates.push(200 / ((performance.now() - start) / 1000));
  }
  results.workflowsPerSecond = median(rates);
  // 3. 1,000-way fan-out: time and peak RSS of server + endpoint together
  const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rss(server.pid) + rss(endpoint.child.pid));
  }, 5);
  const fanStart = performance.now();
  await call('fan', 1000);
  results.fanOut = { ms: performance.now() - fanStart, peakRssMb: peak / 2 ** 20 };
  clearInterval(timer);
  // 4. recovery: SIGKILL the endpoint running `slow`, start a new one on the same port at once; median of 5
  const mark = join(dir, 'recovery.log');
  const rerun = [];
  const complete = [];
  let completedReruns = 0;
  for (let trial = 0; trial < 5; trial++) {
    writeFileSync(mark, '');
    const done = call('recovery', mark);
    while (!readFileSync(mark, 'utf8').includes('slow 1')) await sleep(5);
    const killedAt = Date.now();
    endpoint.child.kill('SIGKILL');
    endpoint = startEndpoint();
    while (!readFileSync(mark, 'utf8').includes('slow 2')) await sleep(5);
    const line = readFileSync(mark, 'utf8')
      .split('\n')
      .find((text) => text.startsWith('slow 2'));
    rerun.push(Number(line.split(' ')[2]) - killedAt);
    await done;
    complete.push(Date.now() - killedAt);
    completedReruns +=
      readFileSync(mark, 'utf8')
        .split('\n')
        .filter((text) => text.startsWith('before')).length - 1;
  }
  results.recovery = { rerunMs: median(rerun), completeMs: median(complete), completedReruns, trials: 5 };
  endpoint.child.kill('SIGKILL');
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
