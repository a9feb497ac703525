// Workload 5: the provider layer. Our router and the Portkey gateway in front of the same simulator
// (separate process, 20 ms latency): (a) overhead per request against a direct call with the same AI SDK
// client, interleaved call by call in rounds; (b) the fault scenarios of the provider issue, through each.
//   node bench/workloads/provider.mjs [--rounds 5] [--per-round 60] [--fault-reps 2]
import { runScenario, scenarios } from './fault-scenarios.mjs';
import { argValue, emit, now } from './lib.mjs';
import {
  directModel,
  portkeyFallback,
  portkeyModel,
  portkeySingle,
  routerFallback,
  routerGenerate,
  routerSingle,
  routerStream,
  sdkGenerate,
  sdkStream,
} from './provider-clients.mjs';
import { startPortkey, startSimulator } from './services.mjs';

const rounds = Number(argValue('rounds', '5'));
const perRound = Number(argValue('per-round', '60'));
const faultReps = Number(argValue('fault-reps', '2'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const sim = await startSimulator(20);
const portkey = await startPortkey();
try {
  const prompt = 'Summarise the release notes for version 2.1';
  const direct = directModel(sim.openai);
  const viaPortkey = portkeyModel(portkey.baseURL, portkeySingle(sim.openai));
  const router = routerSingle(sim.openai);
  const ways = {
    direct: () => sdkGenerate(direct, prompt),
    router: () => routerGenerate(router, prompt),
    portkey: () => sdkGenerate(viaPortkey, prompt),
  };
  for (let i = 0; i < 30; i++) for (const way of Object.values(ways)) await way();
  const overhead = { directMs: [], routerMs: [], portkeyMs: [], routerOverheadMs: [], portkeyOverheadMs: [] };
  const names = Object.keys(ways);
  for (let round = 0; round < rounds; round++) {
    const times = { direct: [], router: [], portkey: [] };
    const paired = { router: [], portkey: [] };
    for (let i = 0; i < perRound; i++) {
      const order = names.map((_, k) => names[(i + k) % names.length]);
      const t = {};
      for (const name of order) {
        const start = now();
        await ways[name]();
        t[name] = now() - start;
        times[name].push(t[name]);
      }
      paired.router.push(t.router - t.direct);
      paired.portkey.push(t.portkey - t.direct);
    }
    overhead.directMs.push(median(times.direct));
    overhead.routerMs.push(median(times.router));
    overhead.portkeyMs.push(median(times.portkey));
    overhead.routerOverheadMs.push(median(paired.router));
    overhead.portkeyOverheadMs.push(median(paired.portkey));
  }

  // Reference answer: what a healthy call returns (the simulator's answer depends on model and messages only).
  const faultPrompt = 'Draft a migration plan for the billing tables';
  const reference = (await sdkGenerate(directModel(sim.backup), faultPrompt)).text;
  const faults = [];
  for (const scenario of scenarios) {
    const row = { name: scenario.name, router: [], portkey: [] };
    for (let rep = 0; rep < faultReps; rep++) {
      for (const system of ['router', 'portkey']) {
        await sim.setFaults(scenario.rules);
        // A fresh router per repetition (and one for all requests of a scenario) so breaker state is clean.
        const fresh = routerFallback(sim.openai, sim.backup);
        const model = portkeyModel(portkey.baseURL, portkeyFallback(sim.openai, sim.backup));
        const call =
          system === 'router'
            ? (stream, signal) => (stream ? routerStream : routerGenerate)(fresh, faultPrompt, signal)
            : (stream, signal) => (stream ? sdkStream : sdkGenerate)(model, faultPrompt, signal);
        row[system].push(await runScenario(scenario, call, reference));
      }
    }
    await sim.setFaults([]);
    faults.push(row);
  }
  emit({ rounds, perRound, overhead, faults, faultReps });
} finally {
  sim.stop();
  portkey.stop();
}
