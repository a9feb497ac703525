// Agent-memory benchmark: add throughput, search and prompt-context latency on a store of N entries
// (default 10,000, the default retention cap) generated from a fixed vocabulary with a seeded random source. Runs the built dist/.
//   node bench/memory.bench.mjs [--entries N] [--queries N]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemory } from '../dist/memory/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const entryCount = option('--entries', 10_000);
const queryCount = option('--queries', 2_000);

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const subjects =
  'database cache queue worker deploy release migration index query login token payment invoice upload image search report schedule webhook api client server build test lint container cluster backup'.split(
    ' ',
  );
const verbs =
  'fails times out retries needs requires breaks slows leaks locks rejects duplicates skips corrupts blocks'.split(
    ' ',
  );
const details =
  'under load after restart on staging in production with large input on Mondays without VPN behind proxy during backup when cache is cold after upgrade on ARM with old schema'.split(
    ' ',
  );
const agents = ['backend', 'frontend', 'devops', 'security', 'quality', 'writer', 'architect', ''];
const sentence = () =>
  `The ${pick(subjects)} ${pick(verbs)} ${Array.from({ length: 4 }, () => pick(details)).join(' ')}; the ${pick(subjects)} ${pick(verbs)} too.`;

const folder = mkdtempSync(join(tmpdir(), 'ax-memory-bench-'));
const memory = createMemory({ dbPath: join(folder, 'bench.db'), retention: false });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const time = (label, runs, run) => {
  const times = [];
  for (let n = 0; n < runs; n++) {
    const t = performance.now();
    run(n);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms (${runs} runs)`,
  );
};

try {
  console.log(
    `load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );
  let started = performance.now();
  memory.db.exec('BEGIN');
  for (let n = 0; n < entryCount; n++) {
    memory.add({
      content: sentence(),
      agent: pick(agents),
      task: `${pick(subjects)} ${pick(subjects)}`,
      tags: [pick(subjects)],
    });
  }
  memory.db.exec('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `added ${entryCount} entries in ${seconds.toFixed(2)} s = ${Math.round(entryCount / seconds)} entries/s (one transaction)`,
  );

  started = performance.now();
  for (let n = 0; n < 500; n++) memory.add({ content: sentence(), agent: pick(agents) });
  console.log(`add, one transaction each: ${((performance.now() - started) / 500).toFixed(2)} ms per entry`);

  const queries = Array.from(
    { length: queryCount },
    () => `why does the ${pick(subjects)} ${pick(verbs)} ${pick(details)}`,
  );
  time('search (top 10, bm25)', queryCount, (n) => memory.search(queries[n], { limit: 10 }));
  time('search for one agent (top 10)', queryCount, (n) =>
    memory.search(queries[n], { limit: 10, agent: 'backend' }),
  );
  time('contextFor (5 entries, 1,000 tokens)', queryCount, (n) =>
    memory.contextFor({ task: queries[n], agent: 'devops' }),
  );
  time('list newest 50', 200, () => memory.list({ limit: 50 }));
} finally {
  memory.close();
  rmSync(folder, { recursive: true, force: true });
}
