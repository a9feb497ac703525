import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, simulatedEnv } from './e2e/sample-project.js';

/** `examples/agent-code-intelligence.ts` runs as a user runs it (`node examples/…`, against the built package). */
describe('examples/agent-code-intelligence.ts', () => {
  it('indexes the sample project, the agent finds the SQL built from input with its tool, and the next run recalls it', () => {
    const result = spawnSync(process.execPath, [join('examples', 'agent-code-intelligence.ts')], {
      cwd: repositoryRoot,
      env: { ...process.env, ...simulatedEnv() },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status, `the example failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/^indexed \d+ files \(\d+ symbols, .*javascript.*\)$/m);
    // Each line below is printed from what the tool really returned from the index.
    expect(out).toContain(
      '→ code-intelligence search SELECT customer\n  src/orders.js:5  export async function findOrders(customer) {',
    );
    expect(out).toContain(`  6\t  const query = "SELECT * FROM orders WHERE customer = '" + customer + "'";`);
    expect(out).toContain(
      '→ code-intelligence definition findOrders\n  src/orders.js:5-15  async function findOrders(customer) (function)',
    );
    expect(out).toMatch(/^answer: \[simulated\] .*"location":"src\/orders\.js:5-15"/m);
    expect(out).toContain('simulated: true');
    expect(out).toMatch(/^remembered: succeeded: \[simulated\]/m);
    expect(out).toContain('recalled 1 memory from earlier runs');
  });
});
