import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteWorkflowStore, type WorkflowStore } from '../../src/store/index.js';
import { createRunExecutor } from '../../src/workflows/executors/run-executor.js';
import { loadWorkflowFile } from '../../src/workflows/load-workflow-file.js';
import { createEngine } from '../../src/workflows/workflow-engine.js';

// `ax worker` starts its `run:` steps through a helper process (so its own memory is not forked per
// step); these are the behaviours of a run step a user relies on, through that path.
const stores: WorkflowStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'ax-helper-'));
  const store = createSqliteWorkflowStore(join(dir, 'ax.db'));
  stores.push(store);
  const engine = createEngine({
    store,
    pollIntervalMs: 10,
    executors: { run: createRunExecutor({ throughHelper: true, killGraceMs: 200 }) },
  });
  const load = (yaml: string) => {
    const file = join(dir, 'flow.yaml');
    writeFileSync(file, yaml);
    return loadWorkflowFile(file, { stepKinds: engine.stepKinds });
  };
  return { dir, engine, load };
}

describe('run steps started through the helper process', () => {
  it('passes output, named outputs, the environment and expression values as before', async () => {
    const { engine, load } = setUp();
    const result = await engine.run(
      await load(`name: helper
steps:
  - key: hello
    run: |
      echo "hello $AX_STEP_KEY attempt $AX_ATTEMPT"
      echo "answer=42" >> "$AX_OUTPUT"
  - key: next
    dependsOn: hello
    run: echo "got \${{ steps.hello.outputs.answer }} from '\${{ steps.hello.output }}'"
`),
    );
    expect(result.state).toBe('completed');
    expect(result.steps.map((step) => [step.key, step.output])).toEqual([
      ['hello', 'hello hello attempt 1'],
      ['next', "got 42 from 'hello hello attempt 1'"],
    ]);
    expect(result.steps[0]?.outputs).toEqual({ answer: '42' });
  });

  it('fails a step with its exit code and the end of its stderr, and a missing shell clearly', async () => {
    const { engine, load } = setUp();
    const failed = await engine.run(
      await load(`name: helper
steps:
  - key: broken
    run: echo "disk full" >&2; exit 3
`),
    );
    expect(failed.state).toBe('failed');
    expect(failed.steps[0]?.error).toBe("step 'broken' exited with code 3: disk full");
    const missing = await engine.run(
      await load(`name: helper
steps:
  - key: nowhere
    run:
      command: echo hi
      shell: /no/such/shell
`),
    );
    expect(missing.state).toBe('failed');
    expect(missing.steps[0]?.error).toMatch(/^step 'nowhere' could not start \/no\/such\/shell: .*ENOENT/);
  });

  it('records the pid and kills the whole process group on cancel', async () => {
    const { dir, engine, load } = setUp();
    const mark = join(dir, 'started');
    const running = engine.run(
      await load(`name: helper
steps:
  - key: sleepy
    run: sleep 30 & echo $! > ${mark}; wait
`),
    );
    let child = 0;
    while (!child) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        child = Number(readFileSync(mark, 'utf8'));
      } catch {}
    }
    const executionId = (await engine.store.listExecutions())[0]!.id;
    await engine.requestStop(executionId, 'cancel');
    const result = await running;
    expect(result.state).toBe('cancelled');
    expect(result.steps[0]?.pid).toBeGreaterThan(0);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let tries = 0; tries < 500 && alive(child); tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(alive(child)).toBe(false);
  });
});
