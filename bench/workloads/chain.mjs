// Workload 1: a chain of no-op steps, durable checkpoints on. Per round: wall and CPU time per step, bytes
// this process wrote per step (/proc/self/io wchar and write_bytes), after two warm-up runs.
//   node bench/workloads/chain.mjs --engine ax|langgraph|langgraph-sync|mastra [--steps 100] [--rounds 10]
import { statSync } from 'node:fs';
import { openEngine } from './engines/index.mjs';
import { argValue, emit, now, procIo, tempDir } from './lib.mjs';

const engine = argValue('engine', 'ax');
const steps = Number(argValue('steps', '100'));
const rounds = Number(argValue('rounds', '10'));
const tmp = tempDir(`chain-${engine}`);
const dbPath = tmp.path('bench.db');
const adapter = await openEngine(engine, { dbPath, work: async () => null, shapes: [['chain', steps]] });
for (let i = 0; i < 2; i++) await adapter.chain(steps, `warm-${i}`);
const perStepUs = [];
const cpuPerStepUs = [];
const wcharPerStep = [];
const writeBytesPerStep = [];
const sizeBefore = statSync(dbPath).size;
for (let round = 0; round < rounds; round++) {
  const io = procIo();
  const cpu = process.cpuUsage();
  const start = now();
  await adapter.chain(steps, `run-${round}`);
  const elapsed = now() - start;
  const used = process.cpuUsage(cpu);
  cpuPerStepUs.push((used.user + used.system) / steps);
  const after = procIo();
  perStepUs.push((elapsed * 1000) / steps);
  wcharPerStep.push((after.wchar - io.wchar) / steps);
  writeBytesPerStep.push((after.writeBytes - io.writeBytes) / steps);
}
await adapter.close();
const dbGrowthPerStep = (statSync(dbPath).size - sizeBefore) / (steps * rounds);
tmp.remove();
emit({
  engine,
  steps,
  perStepUs,
  cpuPerStepUs,
  wcharPerStep,
  writeBytesPerStep,
  dbGrowthPerStep,
  synchronous: adapter.synchronous ?? 'NORMAL',
});
