// Code-intelligence benchmark: cold index, re-index with nothing changed, one-file change, and search
// latency, on a real corpus (default: this project's node_modules, i.e. the sources of the npm packages
// it depends on, without nested node_modules). Runs the built dist/; `npm run build` first.
//   node bench/code.bench.mjs [corpus-folder] [--workers N] [--queries N]
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCodeIndex } from '../dist/code/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const corpus = resolve(
  args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ??
    fileURLToPath(new URL('../node_modules', import.meta.url)),
);
const workers = option('--workers', undefined);
const queryCount = option('--queries', 2000);
// A corpus of dependencies keeps its code in dist/ and build/, which the default excludes skip.
const walk = { useDefaultExcludes: false, exclude: ['node_modules/', '.git/'] };

const folder = mkdtempSync(join(tmpdir(), 'ax-code-bench-'));
const index = createCodeIndex({ dbPath: join(folder, 'bench.db'), root: corpus });
const seconds = (ms) => (ms / 1000).toFixed(2);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

try {
  console.log(
    `corpus ${corpus}; ${availableParallelism()} cores, load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
  );

  let started = performance.now();
  const cold = await index.index({ ...walk, ...(workers === undefined ? {} : { workers }) });
  const coldMs = performance.now() - started;
  const stats = index.stats();
  const megabytes = stats.bytes / 1e6;
  console.log(
    `cold index: ${cold.scanned} files, ${megabytes.toFixed(1)} MB, ${stats.symbols} symbols, ${stats.chunks} chunks in ${seconds(coldMs)} s ` +
      `= ${Math.round(cold.scanned / (coldMs / 1000))} files/s, ${(megabytes / (coldMs / 1000)).toFixed(1)} MB/s (${cold.workers} workers, ${cold.skipped.length} skipped, ${cold.partial.length} partial)`,
  );

  started = performance.now();
  const warm = await index.index(walk);
  const warmMs = performance.now() - started;
  console.log(
    `re-index, nothing changed: ${warm.unchanged} unchanged, ${warm.parsed} parsed in ${seconds(warmMs)} s = ${Math.round(warm.scanned / (warmMs / 1000))} files/s`,
  );

  // Change one file (append a line, then restore it) to time the incremental path.
  const victim = index.symbols({ name: '', prefix: true, language: 'typescript', limit: 1 })[0]?.path;
  if (victim) {
    const path = join(corpus, victim);
    const original = readFileSync(path);
    try {
      writeFileSync(path, Buffer.concat([original, Buffer.from('\nexport const benchMarker = 1;\n')]));
      started = performance.now();
      const one = await index.index(walk);
      console.log(
        `re-index after changing 1 file: ${one.parsed} parsed in ${seconds(performance.now() - started)} s`,
      );
    } finally {
      writeFileSync(path, original);
      await index.index(walk);
    }
  }

  // Search latency: the names of indexed symbols, their parts, and two-word queries.
  const names = index
    .symbols({ name: '', prefix: true, limit: 1000 })
    .map((hit) => hit.name)
    .filter((name) => /^[A-Za-z_]\w{3,}$/.test(name));
  const queries = Array.from({ length: queryCount }, (_, n) => {
    const a = names[(n * 7919) % names.length] ?? 'function';
    const b = names[(n * 104729) % names.length] ?? 'value';
    return n % 3 === 0 ? `${a} ${b}` : n % 3 === 1 ? a : `${a.slice(0, 4)}*`;
  });
  for (const [label, run] of [
    ['search (chunks, bm25, top 20)', (query) => index.search(query, { limit: 20 })],
    [
      'symbols (FTS over names/signatures/docs, top 20)',
      (query) => index.symbols({ text: query, limit: 20 }),
    ],
    [
      'symbol by name (exact)',
      (query) => index.symbols({ name: query.split(' ')[0].replace('*', ''), limit: 20 }),
    ],
    ['definition', (query) => index.definition(query.split(' ')[0].replace('*', ''))],
  ]) {
    for (const query of queries.slice(0, 50)) run(query);
    const times = [];
    for (const query of queries) {
      const t = performance.now();
      run(query);
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    console.log(
      `${label}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms over ${times.length} queries on ${stats.symbols} symbols`,
    );
  }
} finally {
  index.close();
  rmSync(folder, { recursive: true, force: true });
}
