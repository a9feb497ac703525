import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteWorkflowStore, type SqliteWorkflowStore } from '../store/index.js';
import { loadWorkflowFile, type WorkflowEvent } from '../workflows/index.js';
import { createConfiguredEngine } from './configured-engine.js';

const stores: SqliteWorkflowStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function project(config: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'ax-configured-'));
  writeFileSync(join(dir, 'automatosx.config.json'), JSON.stringify(config));
  const store = createSqliteWorkflowStore(join(dir, 'ax.db'));
  stores.push(store);
  return { dir, store };
}

const env = { HOME: '/nonexistent', LOG_LEVEL: 'silent' };

describe('createConfiguredEngine', () => {
  it('holds runs to workflows.maxConcurrent from the project file: the second run starts after the first ends', async () => {
    const { dir, store } = project({ workflows: { maxConcurrent: 1 } });
    writeFileSync(join(dir, 'w.yaml'), 'name: w\nsteps:\n  - key: a\n    run: sleep 0.1\n');
    const engine = createConfiguredEngine({ store, pollIntervalMs: 10 }, { cwd: dir, env });
    const order: string[] = [];
    engine.on((event: WorkflowEvent) => {
      if (event.type === 'run-state') order.push(`${event.executionId} ${event.state}`);
    });
    const loaded = await loadWorkflowFile(join(dir, 'w.yaml'), { stepKinds: engine.stepKinds });
    await Promise.all([
      engine.run(loaded, { executionId: 'first' }),
      engine.run(loaded, { executionId: 'second' }),
    ]);
    expect(order).toEqual(['first executing', 'first completed', 'second executing', 'second completed']);

    // The environment outranks the file: with MAX_CONCURRENT_WORKFLOWS=2 both run side by side.
    const both = createConfiguredEngine(
      { store, pollIntervalMs: 10 },
      { cwd: dir, env: { ...env, MAX_CONCURRENT_WORKFLOWS: '2' } },
    );
    const overlap: string[] = [];
    both.on((event: WorkflowEvent) => {
      if (event.type === 'run-state') overlap.push(`${event.executionId} ${event.state}`);
    });
    await Promise.all([
      both.run(loaded, { executionId: 'third' }),
      both.run(loaded, { executionId: 'fourth' }),
    ]);
    expect(overlap.slice(0, 2)).toEqual(['third executing', 'fourth executing']);
  });

  it('writes engine events to LOG_FILE at the configured level', async () => {
    const { dir, store } = project({ logging: { level: 'debug', file: 'logs/ax.log' } });
    writeFileSync(join(dir, 'w.yaml'), 'name: w\nsteps:\n  - key: a\n    run: echo hi\n');
    const engine = createConfiguredEngine(
      { store, pollIntervalMs: 10 },
      { cwd: dir, env: { HOME: '/nonexistent', LOG_FILE: join(dir, 'logs', 'ax.log') } },
    );
    await engine.run(await loadWorkflowFile(join(dir, 'w.yaml'), { stepKinds: engine.stepKinds }));
    const events = readFileSync(join(dir, 'logs', 'ax.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event?: string }).event)
      .filter(Boolean);
    expect(events).toEqual(['run-state', 'step-started', 'step-succeeded', 'run-state']);
  });
});
