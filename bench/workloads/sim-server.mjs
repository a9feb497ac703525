// The provider simulator in its own process, so that it does not share an event loop with the engine
// being measured. Prints one line `@@sim {"url":…,"openai":…,"backup":…}`; faults are set through its
// admin endpoint (POST /_admin/faults). Stops on SIGTERM.
//   node bench/workloads/sim-server.mjs [--latency 20]
import { createSimulator } from '../../dist/simulator/index.js';
import { argValue } from './lib.mjs';

const sim = await createSimulator({ latencyMs: Number(argValue('latency', '20')) });
process.stdout.write(
  `@@sim ${JSON.stringify({ url: sim.url, openai: sim.baseURL('openai'), backup: sim.baseURL('compat', 'backup') })}\n`,
);
process.on('SIGTERM', () => sim.close().then(() => process.exit(0)));
