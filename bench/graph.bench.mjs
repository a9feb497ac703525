// Dependency graph of 1,000 steps (target: < 2 ms): buildGraph and findCycle on a layered DAG with
// fan-in, against copying the step list in the same run as a floor. Run after `npm run build`:
//   node bench/graph.bench.mjs            (AX_DIST=/other/dist to measure another build; '--json' for bench/run.mjs)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.AX_DIST
  ? pathToFileURL(`${resolve(process.env.AX_DIST)}/`)
  : new URL('../dist/', import.meta.url);
const { buildGraph, findCycle } = await import(new URL('workflows/index.js', dist).href);

/** 1,000 steps in 50 layers of 20; each step depends on up to 3 steps of earlier layers (deterministic). */
function layeredSteps(count = 1000, width = 20) {
  const steps = [];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < count; i++) {
    const layer = Math.floor(i / width);
    const deps = new Set();
    if (layer > 0) for (let d = 0; d < 3; d++) deps.add(`step-${Math.floor(random() * layer * width)}`);
    steps.push({ key: `step-${i}`, run: 'true', ...(deps.size > 0 ? { dependsOn: [...deps] } : {}) });
  }
  return steps;
}

function median(fn, runs = 400) {
  for (let i = 0; i < 50; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)], p95: times[Math.floor(runs * 0.95)] };
}

const steps = layeredSteps();
const edges = steps.reduce((sum, step) => sum + (step.dependsOn?.length ?? 0), 0);
const graph = buildGraph(steps);
if (graph.order.length !== 1000) throw new Error('graph lost steps');
const floor = median(() => steps.map((step) => ({ ...step })));
const build = median(() => buildGraph(steps));
const cycle = median(() => findCycle(steps));
if (process.argv.includes('--json')) {
  console.log(
    JSON.stringify({
      'graph of 1,000 steps (target < 2 ms)': {
        'buildGraph median ms': Number(build.median.toFixed(3)),
        'buildGraph p95 ms': Number(build.p95.toFixed(3)),
        'findCycle median ms': Number(cycle.median.toFixed(3)),
      },
      shape: `${edges} edges, ${graph.levels.length} levels`,
      'baseline: copying the step list, median ms': Number(floor.median.toFixed(3)),
    }),
  );
} else {
  const show = (label, { median: m, p95 }) =>
    console.log(`${label.padEnd(36)} median ${m.toFixed(3)} ms   p95 ${p95.toFixed(3)} ms`);
  console.log(`1,000 steps, ${edges} edges, ${graph.levels.length} levels`);
  show('baseline: copy the step list', floor);
  show('buildGraph', build);
  show('findCycle (none present)', cycle);
  console.log(
    `buildGraph median ${build.median.toFixed(3)} ms = ${(build.median / floor.median).toFixed(1)}× the copy; target < 2 ms`,
  );
}
