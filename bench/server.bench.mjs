// ax server benchmark, on the built package (npm run build first; npm run bench does):
//   node bench/server.bench.mjs [--json]
// Figures: requests/s and p99 of GET one execution and GET the list with 10,000 runs in the store,
// against a bare Hono route answering the same JSON from memory (same machine, same load, one run);
// step transition committed → SSE event received, median and p99; server RSS idle and with 100 SSE
// clients. Both servers run in child processes; the load comes from this process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const token = 'bench-token-0123456789abcdef';
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

if (process.argv[2] === '--bare') {
  // The baseline: Hono on @hono/node-server, the same JSON from memory, no store, no auth.
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const [one, list] = JSON.parse(process.argv[3]);
  const app = new Hono();
  app.get('/one', (c) => c.json(one));
  app.get('/list', (c) => c.json(list));
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`),
  );
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  await main();
}

function startChild(args, env = {}) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, AX_API_TOKEN: token, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
    child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${out}`)));
  });
}

/** Closed-loop load: `concurrency` clients, each sending the next request when the last answered. */
async function load(url, headers, { concurrency = 8, durationMs = 2000 } = {}) {
  const latencies = [];
  const until = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: round(latencies.length / (durationMs / 1000), 0), p99Ms: round(quantile(latencies, 0.99)) };
}

async function rssMb(url) {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  const bytes = Number(/^ax_process_resident_memory_bytes (\d+)/m.exec(text)?.[1]);
  return round(bytes / 1024 / 1024, 1);
}

async function seed(db, count) {
  const { createSqliteWorkflowStore } = await import('../dist/store/index.js');
  const store = createSqliteWorkflowStore(db);
  const definition = JSON.stringify({
    file: 'bench.yaml',
    definition: { name: 'bench', steps: [{ key: 'only', run: 'true' }] },
    subWorkflows: {},
  });
  store.saveWorkflow({ id: 'bench', name: 'bench', file: 'bench.yaml', definition });
  const start = Date.now() - count * 1000;
  for (let i = 0; i < count; i++) {
    const at = start + i * 1000;
    const id = `ex-bench-${String(i).padStart(6, '0')}`;
    store.createExecution(
      {
        id,
        workflowId: 'bench',
        workflowName: 'bench',
        file: 'bench.yaml',
        state: 'completed',
        inputs: { i },
        startedAt: at,
        updatedAt: at + 5,
        resumeCount: 0,
      },
      [
        { type: 'event', event: { executionId: id, seq: 1, type: 'workflow_started', at } },
        {
          type: 'event',
          event: { executionId: id, seq: 2, type: 'step_started', stepKey: 'only', attempt: 1, at },
        },
        {
          type: 'event',
          event: {
            executionId: id,
            seq: 3,
            type: 'step_completed',
            stepKey: 'only',
            attempt: 1,
            at: at + 4,
            data: { output: '' },
          },
        },
        { type: 'event', event: { executionId: id, seq: 4, type: 'workflow_completed', at: at + 5 } },
      ],
    );
  }
  store.close();
}

/** Reads an SSE stream, calling `onEvent` with each parsed event and its arrival time. */
async function readEvents(url, onEvent, signal) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal });
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body) {
      const arrived = Date.now();
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .find((line) => line.startsWith('data:'));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        if (data && onEvent(JSON.parse(data.slice(5)), arrived) === false) return;
      }
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ax-server-bench-'));
  const db = join(dir, 'ax.db');
  const runs = 10_000;
  await seed(db, runs);
  const server = await startChild(
    [join(root, 'dist/cli/ax.js'), 'server', '--port', '0', '--json', '--db', db, '--no-auto-resume'],
    { DATABASE_URL: '' },
  );
  const auth = { authorization: `Bearer ${token}` };
  const rssIdle = await rssMb(server.url);
  const oneUrl = `${server.url}/api/v1/executions/ex-bench-005000`;
  const listUrl = `${server.url}/api/v1/executions?limit=50`;
  const one = await (await fetch(oneUrl, { headers: auth })).json();
  const list = await (await fetch(listUrl, { headers: auth })).json();
  const bare = await startChild([fileURLToPath(import.meta.url), '--bare', JSON.stringify([one, list])]);

  // Interleaved: bare, ours, bare, ours, so background load hits both alike.
  const rounds = { oneOurs: [], oneBare: [], listOurs: [], listBare: [] };
  for (let i = 0; i < 2; i++) {
    rounds.oneBare.push(await load(`${bare.url}/one`, {}));
    rounds.oneOurs.push(await load(oneUrl, auth));
    rounds.listBare.push(await load(`${bare.url}/list`, {}));
    rounds.listOurs.push(await load(listUrl, auth));
  }
  const best = (list) => list.reduce((a, b) => (b.rps > a.rps ? b : a));
  const api = Object.fromEntries(Object.entries(rounds).map(([key, list]) => [key, best(list)]));

  // Event latency: a 60-step chain of shell steps; each event's commit time (`at`) against arrival.
  const workflow = `name: chain\nsteps:\n${Array.from({ length: 60 }, (_, i) => `  - key: s${i}\n    run: "true"${i ? `\n    dependsOn: s${i - 1}` : ''}`).join('\n')}\n`;
  const submitted = await (
    await fetch(`${server.url}/api/v1/executions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ source: workflow }),
    })
  ).json();
  const latencies = [];
  await readEvents(`${server.url}/api/v1/executions/${submitted.executionId}/events`, (event, arrived) => {
    if (event.type.startsWith('step_')) latencies.push(arrived - event.at);
    return event.type !== 'workflow_completed';
  });
  latencies.sort((a, b) => a - b);

  // 100 SSE clients on the all-executions stream.
  const controller = new AbortController();
  let opened = 0;
  const clients = Array.from({ length: 100 }, () =>
    readEvents(`${server.url}/api/v1/events`, () => true, controller.signal).finally(() => opened--),
  );
  opened = 100;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const rss100 = await rssMb(server.url);
  controller.abort();
  await Promise.allSettled(clients);

  server.child.kill('SIGTERM');
  bare.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  const results = {
    node: process.version,
    storeRuns: runs,
    getOne: {
      oursRps: api.oneOurs.rps,
      oursP99Ms: api.oneOurs.p99Ms,
      bareRps: api.oneBare.rps,
      bareP99Ms: api.oneBare.p99Ms,
      oursShareOfBare: round(api.oneOurs.rps / api.oneBare.rps),
    },
    getList50: {
      oursRps: api.listOurs.rps,
      oursP99Ms: api.listOurs.p99Ms,
      bareRps: api.listBare.rps,
      bareP99Ms: api.listBare.p99Ms,
      oursShareOfBare: round(api.listOurs.rps / api.listBare.rps),
    },
    eventLatency: {
      events: latencies.length,
      medianMs: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      targetP99Ms: 20,
    },
    rss: { idleMb: rssIdle, with100SseClientsMb: rss100 },
  };
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    const r = results;
    process.stdout.write(
      [
        `ax server benchmark (node ${r.node}, ${runs} runs in SQLite, 8 clients, closed loop)`,
        `GET one execution:  ${r.getOne.oursRps} req/s, p99 ${r.getOne.oursP99Ms} ms; bare Hono ${r.getOne.bareRps} req/s, p99 ${r.getOne.bareP99Ms} ms (ours ${r.getOne.oursShareOfBare} of bare)`,
        `GET list (50):      ${r.getList50.oursRps} req/s, p99 ${r.getList50.oursP99Ms} ms; bare Hono ${r.getList50.bareRps} req/s, p99 ${r.getList50.bareP99Ms} ms (ours ${r.getList50.oursShareOfBare} of bare)`,
        `event latency:      median ${r.eventLatency.medianMs} ms, p99 ${r.eventLatency.p99Ms} ms over ${r.eventLatency.events} step events (target p99 < 20 ms)`,
        `server RSS:         idle ${r.rss.idleMb} MB, with 100 SSE clients ${r.rss.with100SseClientsMb} MB`,
        '',
      ].join('\n'),
    );
  }
}
