import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, simulatedEnv } from './e2e/sample-project.js';

/** Each example in `examples/` runs as a user runs it (`node examples/<name>.ts`, against the built package). */
function runExample(name: string) {
  const result = spawnSync(process.execPath, [join('examples', name)], {
    cwd: repositoryRoot,
    env: { ...process.env, ...simulatedEnv() },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, `${name} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('examples', () => {
  // agent-code-intelligence.ts belongs to the code-intelligence work and is run by its own test,
  // test/examples-code-intelligence.test.ts.
  it('every example is run by a test', () => {
    expect(readdirSync(join(repositoryRoot, 'examples')).sort()).toEqual([
      'agent-code-intelligence.ts',
      'multi-agent-collaboration.ts',
      'workflow-with-provider-fallback.ts',
    ]);
  });

  it('multi-agent-collaboration: three agents in parallel, combined by the writer; a three-level delegation chain', () => {
    const out = runExample('multi-agent-collaboration.ts');
    expect(out).toContain('every answer is simulated');
    for (const agent of ['security', 'performance', 'quality'])
      expect(out).toMatch(new RegExp(`^${agent}: answered \\(\\d+ tokens\\)$`, 'm'));
    expect(out).toContain('combined by: writer');
    expect(out).toMatch(/^total: \d+ input \+ \d+ output tokens, simulated: true$/m);
    // The run tree comes from the run store: each delegated run is recorded under the one that delegated.
    expect(out).toContain('cto (succeeded)\n  architect (succeeded)\n    database (succeeded)\n');
    expect(out).toContain('architect answered the cto: [simulated] Use expand-and-contract');
    expect(out).toContain("cto's final answer: [simulated] Migration plan");
  });

  it('workflow-with-provider-fallback: Claude fails mid-run, the router fails over to Gemini, the run completes', () => {
    const out = runExample('workflow-with-provider-fallback.ts');
    const lines = out.split('\n');
    expect(out).toContain('router: simulator-claude failed (provider-server-error), next: retry');
    expect(out).toMatch(/router: fallback simulator-claude → simulator-gemini/);
    // The first step succeeded before the outage; the failover happened while the second step ran.
    expect(lines.indexOf('step collect: succeeded')).toBeLessThan(
      lines.findIndex((line) => line.startsWith('router: fallback')),
    );
    expect(out).toContain('run completed: 3 steps completed');
    expect(out).toMatch(/collect\s+answered by simulator-claude \(claude-sonnet-4-5\)/);
    expect(out).toMatch(/draft\s+answered by simulator-gemini \(gemini-2\.5-flash\)/);
    expect(out).toMatch(/review\s+answered by simulator-gemini/);
    expect(out).toMatch(/simulated: true$/m);
  });
});
