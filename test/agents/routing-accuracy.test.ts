import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadAgentRegistry } from '../../src/agents/agent-registry.js';
import { TaskRouter } from '../../src/agents/task-router.js';

interface LabelledTask {
  task: string;
  agent: string;
}

const fixture = parse(readFileSync(new URL('../fixtures/routing-tasks.yaml', import.meta.url), 'utf8')) as {
  tasks: LabelledTask[];
  heldOut: LabelledTask[];
};

describe('routing accuracy on the labelled task set', () => {
  const registry = loadAgentRegistry({ projectDirectory: new URL('.', import.meta.url).pathname });
  const router = new TaskRouter(registry.list());

  it('has at least 100 tasks, each labelled with a shipped agent', () => {
    expect(fixture.tasks.length).toBeGreaterThanOrEqual(100);
    for (const { agent } of fixture.tasks) expect(registry.find(agent), agent).toBeDefined();
    expect(new Set(fixture.tasks.map((t) => t.agent)).size).toBe(registry.list().length);
  });

  function accuracy(label: string, tasks: readonly LabelledTask[]): number {
    let top1 = 0;
    let top3 = 0;
    const misses: string[] = [];
    for (const { task, agent } of tasks) {
      const ranked = router.route(task, { limit: 3 }).matches.map((m) => m.agent);
      if (ranked[0] === agent) top1++;
      else misses.push(`  want ${agent}, got ${ranked.join(' > ') || '(none)'}: ${task}`);
      if (ranked.includes(agent)) top3++;
    }
    const n = tasks.length;
    const percent = (k: number) => ((100 * k) / n).toFixed(1);
    console.log(
      `routing accuracy, ${label} (${n} tasks): top-1 ${percent(top1)} % (${top1}/${n}), ` +
        `top-3 ${percent(top3)} % (${top3}/${n})\nmisses:\n${misses.join('\n') || '  none'}`,
    );
    return top1 / n;
  }

  it('picks the practitioner’s agent first for at least 85 % of the labelled tasks', () => {
    expect(accuracy('labelled set', fixture.tasks)).toBeGreaterThanOrEqual(0.85);
  });

  it('generalises to held-out tasks never used for tuning (reported; required above 70 %)', () => {
    expect(accuracy('held-out set', fixture.heldOut)).toBeGreaterThanOrEqual(0.7);
  });
});
