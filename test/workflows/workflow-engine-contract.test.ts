import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors/index.js';
import {
  createPostgresWorkflowStore,
  createSqliteWorkflowStore,
  type WorkflowStore,
} from '../../src/store/index.js';
import { loadWorkflowFile } from '../../src/workflows/load-workflow-file.js';
import {
  createEngine,
  type EngineOptions,
  type WorkflowEngine,
} from '../../src/workflows/workflow-engine.js';
import { ExecutionLeasedError, ExecutionNotResumableError } from '../../src/workflows/workflow-errors.js';
import type { WorkflowEvent } from '../../src/workflows/workflow-events.js';
import { describeWithPostgres, postgresUrl, uniqueServiceName } from '../helpers/services.js';

/** How the contract suite opens a store: each call is another connection to the same database. */
type OpenStore = (dir: string, schema: string) => WorkflowStore;

const stores: WorkflowStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

let openStore: OpenStore = (dir) => createSqliteWorkflowStore(join(dir, 'ax.db'));

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'ax-engine-'));
  const db = join(dir, 'ax.db');
  const schema = uniqueServiceName('engine');
  const open = () => {
    const store = openStore(dir, schema);
    stores.push(store);
    return store;
  };
  const engine = (options: Partial<EngineOptions> = {}) =>
    createEngine({ store: open(), pollIntervalMs: 10, ...options });
  const write = (name: string, yaml: string) => {
    const file = join(dir, name);
    writeFileSync(file, yaml);
    return file;
  };
  const load = (engine: WorkflowEngine, name: string, yaml: string) =>
    loadWorkflowFile(write(name, yaml), { stepKinds: engine.stepKinds });
  const log = join(dir, 'ran.log');
  const ran = () => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { dir, db, open, engine, write, load, log, ran };
}

function until(predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (predicate() ? resolve() : setTimeout(check, 5));
    check();
  });
}

/** The engine's behaviour, as a contract every WorkflowStore must keep: run against SQLite and PostgreSQL. */
function engineContract() {
  it('passes outputs and named outputs between steps and runs independent branches side by side', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'flow.yaml',
      `name: flow
inputs:
  who: { type: string, default: world }
steps:
  - key: hello
    run: echo "hello \${{ inputs.who }}"
  - key: left
    dependsOn: hello
    run: echo "left saw \${{ steps.hello.output }}"
  - key: right
    dependsOn: hello
    outputs: [count]
    run: |
      echo "count=3" >> "$AX_OUTPUT"
      echo right
  - key: join
    dependsOn: [left, right]
    run: echo "\${{ steps.left.output }} + \${{ steps.right.outputs.count }}"
`,
    );
    const events: WorkflowEvent[] = [];
    engine.on((event) => events.push(event));
    const result = await engine.run(loaded, { inputs: { who: 'ada' } });
    expect(result.state).toBe('completed');
    expect(result.summary.stepsCompleted).toBe(4);
    const join = result.steps.find((step) => step.key === 'join');
    expect(join?.output).toBe('left saw hello ada + 3');
    const started = events.filter((event) => event.type === 'step-started').map((event) => event.key);
    expect(started[0]).toBe('hello');
    expect(started.at(-1)).toBe('join');
  });

  it('skips the dependents of a failed step, and lets continueOnError steps release theirs', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'fail.yaml',
      `name: fail
steps:
  - key: broken
    run: echo nope >&2; exit 3
  - key: after-broken
    dependsOn: broken
    run: echo never
  - key: tolerated
    continueOnError: true
    run: exit 1
  - key: after-tolerated
    dependsOn: tolerated
    run: echo "tolerated was \${{ steps.tolerated.status }}"
`,
    );
    const result = await engine.run(loaded);
    const status = Object.fromEntries(result.steps.map((step) => [step.key, step.status]));
    expect(result.state).toBe('failed');
    expect(result.error).toContain("step 'broken' exited with code 3: nope");
    expect(status).toEqual({
      broken: 'failed',
      'after-broken': 'skipped',
      tolerated: 'failed',
      'after-tolerated': 'succeeded',
    });
    expect(result.steps.find((step) => step.key === 'after-tolerated')?.output).toBe('tolerated was failed');
  });

  it('retries with backoff, giving each attempt its number and a stable idempotency key', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'retry.yaml',
      `name: retry
steps:
  - key: flaky
    retry: { attempts: 3, backoff: { initial: 5ms } }
    run: |
      echo "$AX_ATTEMPT $AX_IDEMPOTENCY_KEY \${{ step.attempt }}" >> ${w.log}
      test "$AX_ATTEMPT" -ge 2
`,
    );
    const result = await engine.run(loaded);
    expect(result.state).toBe('completed');
    const lines = w.ran();
    expect(lines).toEqual([`1 ${result.executionId}:flaky 1`, `2 ${result.executionId}:flaky 2`]);
    expect(result.steps[0]?.attempt).toBe(2);
    const events = (await engine.store.getEvents(result.executionId)).map((event) => event.type);
    expect(events).toContain('step_retrying');
  });

  it('skips a step whose condition is false without skipping what depends on it', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'if.yaml',
      `name: conditional
inputs:
  env: { type: string, default: staging }
steps:
  - key: prod-only
    if: \${{ inputs.env == 'prod' }}
    run: echo prod
  - key: notify
    dependsOn: prod-only
    run: echo "prod-only was \${{ steps.prod-only.status }}"
`,
    );
    const result = await engine.run(loaded);
    expect(result.state).toBe('completed');
    expect(result.steps.map((step) => [step.key, step.status])).toEqual([
      ['prod-only', 'skipped'],
      ['notify', 'succeeded'],
    ]);
    expect(result.steps[1]?.output).toBe('prod-only was skipped');
  });

  it('fans a forEach step out over a list, one durable row per item', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'each.yaml',
      `name: each
inputs:
  files: { type: array, default: [a.txt, b.txt, c.txt] }
steps:
  - key: touch
    forEach: \${{ inputs.files }}
    concurrency: 2
    run: echo "\${{ index }}:\${{ item }}"
  - key: count
    dependsOn: touch
    run: echo '\${{ steps.touch.output }}'
`,
    );
    const result = await engine.run(loaded);
    expect(result.state).toBe('completed');
    const touch = result.steps.find((step) => step.key === 'touch');
    expect(touch?.output).toEqual(['0:a.txt', '1:b.txt', '2:c.txt']);
    expect(result.steps.filter((step) => step.key.startsWith('touch[')).map((step) => step.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(result.steps.find((step) => step.key === 'count')?.output).toBe('["0:a.txt","1:b.txt","2:c.txt"]');
  });

  it('runs a sub-workflow as a child execution and hands its outputs to the parent', async () => {
    const w = workspace();
    const engine = w.engine();
    w.write(
      'child.yaml',
      `name: child
inputs:
  name: { type: string, required: true }
steps:
  - key: greet
    run: echo "hi \${{ inputs.name }}"
`,
    );
    w.write(
      'list-child.yaml',
      `name: list-child
inputs:
  files: { type: array, required: true }
  meta: { type: object, required: true }
steps:
  - key: show
    run: echo '\${{ inputs.files }} \${{ inputs.meta.from }}'
`,
    );
    const loaded = await w.load(
      engine,
      'parent.yaml',
      `name: parent
steps:
  - key: sub
    workflow: ./child.yaml
    with: { name: grace }
  - key: use
    dependsOn: sub
    run: echo "child said \${{ steps.sub.output.greet }}"
  - key: nested
    dependsOn: use
    workflow: ./list-child.yaml
    with:
      files: ['\${{ steps.use.output }}', second]
      meta: { from: '\${{ steps.sub.output }}' }
`,
    );
    const result = await engine.run(loaded);
    expect(result.state).toBe('completed');
    expect(result.steps.find((step) => step.key === 'use')?.output).toBe('child said hi grace');
    // Templates nested in \`with\` are resolved; a lone expression keeps its type (an object here).
    expect(result.steps.find((step) => step.key === 'nested')?.output).toEqual({
      show: '["child said hi grace","second"] {"greet":"hi grace"}',
    });
    const child = await engine.store.getExecution(`${result.executionId}/sub`);
    expect(child?.parentExecutionId).toBe(result.executionId);
    expect(child?.state).toBe('completed');
  });

  it('pauses and resumes a sub-workflow with its parent, without re-running its finished steps', async () => {
    const w = workspace();
    const engine = w.engine();
    w.write(
      'child.yaml',
      `name: child\nsteps:\n  - key: prepare\n    run: echo prepare >> ${w.log}; echo ready\n  - key: gate\n    dependsOn: prepare\n    approval: go on?\n`,
    );
    const loaded = await w.load(
      engine,
      'parent.yaml',
      `name: parent\nsteps:\n  - key: before\n    run: echo before >> ${w.log}\n  - key: sub\n    dependsOn: before\n    workflow: ./child.yaml\n  - key: after\n    dependsOn: sub\n    run: echo "after \${{ steps.sub.output.prepare }}"\n`,
    );
    const events: WorkflowEvent[] = [];
    engine.on((event) => events.push(event));
    const running = engine.run(loaded);
    await until(() => events.some((event) => event.type === 'approval-requested'));
    const childId = events.find((event) => event.type === 'approval-requested')!.executionId;
    const parentId = childId.split('/')[0]!;
    await w.engine().requestStop(parentId, 'pause');
    expect((await running).state).toBe('paused');
    expect((await engine.store.getExecution(childId))?.state).toBe('paused');

    const resumed = engine.resume(parentId);
    await until(() => events.filter((event) => event.type === 'approval-requested').length === 2);
    await w.engine().approve(childId, 'gate', { approved: true, by: 'ops' });
    const result = await resumed;
    expect(result.state).toBe('completed');
    expect(result.steps.find((step) => step.key === 'after')?.output).toBe('after ready');
    expect(w.ran()).toEqual(['before', 'prepare']);
  });

  it('waits at an approval step until a decision arrives from another connection', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'gate.yaml',
      `name: gate
steps:
  - key: gate
    approval: Ship it?
  - key: ship
    dependsOn: gate
    run: echo "approved by \${{ steps.gate.output.by }}"
`,
    );
    const events: WorkflowEvent[] = [];
    engine.on((event) => events.push(event));
    const running = engine.run(loaded);
    await until(() => events.some((event) => event.type === 'approval-requested'));
    const other = w.engine();
    const executionId = events.find((event) => event.type === 'approval-requested')!.executionId;
    await expect(other.approve(executionId, 'ship', { approved: true, by: 'x' })).rejects.toThrow(
      /no approval step 'ship'/,
    );
    await other.approve(executionId, 'gate', { approved: true, by: 'lin' });
    const result = await running;
    expect(result.state).toBe('completed');
    expect(result.steps.find((step) => step.key === 'ship')?.output).toBe('approved by lin');

    const rejected = engine.run(loaded);
    await until(() => events.filter((event) => event.type === 'approval-requested').length === 2);
    const second = events.filter((event) => event.type === 'approval-requested')[1]!.executionId;
    await other.approve(second, 'gate', { approved: false, by: 'lin', comment: 'not today' });
    const outcome = await rejected;
    expect(outcome.state).toBe('failed');
    expect(outcome.error).toContain('rejected by lin: not today');
  });

  it('pauses on a request from another connection, then resumes without re-running finished steps', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'pause.yaml',
      `name: pause
steps:
  - key: first
    run: echo first >> ${w.log}
  - key: slow
    dependsOn: first
    run: echo slow-start >> ${w.log}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 30; fi; echo slow-end >> ${w.log}
  - key: last
    dependsOn: slow
    run: echo last >> ${w.log}
`,
    );
    const running = engine.run(loaded);
    await until(() => w.ran().includes('slow-start'));
    const executionId = (await engine.store.listExecutions())[0]!.id;
    const other = w.engine();
    const request = await other.requestStop(executionId, 'pause');
    expect(request.applied).toBe(false);
    const paused = await running;
    expect(paused.state).toBe('paused');
    expect(paused.steps.find((step) => step.key === 'slow')?.status).toBe('pending');

    await w.write('pause.yaml', 'name: changed\nsteps:\n  - key: other\n    run: exit 9\n');
    const resumed = await other.resume(executionId);
    expect(resumed.state).toBe('completed');
    expect(w.ran().filter((line) => line === 'first')).toHaveLength(1);
    expect(w.ran().filter((line) => line === 'slow-start')).toHaveLength(2);
    expect(w.ran()).toContain('last');
    const execution = await other.store.getExecution(executionId);
    expect(execution?.resumeCount).toBe(1);
  });

  it('hands a paused run back to workers: queued, counted once as a resume, finished steps never re-run', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'requeue.yaml',
      `name: requeue
steps:
  - key: first
    run: echo first >> ${w.log}
  - key: slow
    dependsOn: first
    run: echo "slow $AX_ATTEMPT" >> ${w.log}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 30; fi
`,
    );
    const running = engine.run(loaded);
    await until(() => w.ran().includes('slow 1'));
    const executionId = (await engine.store.listExecutions())[0]!.id;
    const other = w.engine();
    await expect(other.requeue(executionId)).rejects.toThrow(ExecutionLeasedError);
    await other.requestStop(executionId, 'pause');
    expect((await running).state).toBe('paused');

    const requeued = await other.requeue(executionId);
    expect(requeued).toEqual({
      executionId,
      state: 'queued',
      seq: await other.store.lastEventSeq(executionId),
    });
    expect((await other.store.getEvents(executionId)).at(-1)?.type).toBe('workflow_requeued');
    expect(await other.store.getExecution(executionId)).toMatchObject({ state: 'queued', resumeCount: 1 });
    expect(await other.store.findUnheldExecutions(Date.now(), 10)).toContain(executionId);

    // What a worker does with the queued job.
    const worker = w.engine();
    expect((await worker.resume(executionId, { onlyIn: ['queued', 'executing'] })).state).toBe('completed');
    expect(w.ran()).toEqual(['first', 'slow 1', 'slow 2']);
    expect(await worker.store.getExecution(executionId)).toMatchObject({
      state: 'completed',
      resumeCount: 1,
    });
    const types = (await worker.store.getEvents(executionId)).map((event) => event.type);
    expect(types.slice(types.indexOf('workflow_requeued'))).toEqual([
      'workflow_requeued',
      'workflow_resumed',
      'step_started',
      'step_completed',
      'workflow_completed',
    ]);
    await expect(worker.requeue(executionId)).rejects.toThrow(ExecutionNotResumableError);
  });

  it('cancels a run, killing the in-flight command, and refuses to resume it', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'cancel.yaml',
      `name: cancel
steps:
  - key: sleepy
    run: echo started >> ${w.log}; sleep 30
  - key: after
    dependsOn: sleepy
    run: echo after
`,
    );
    const running = engine.run(loaded);
    await until(() => w.ran().includes('started'));
    const executionId = (await engine.store.listExecutions())[0]!.id;
    await w.engine().requestStop(executionId, 'cancel');
    const result = await running;
    expect(result.state).toBe('cancelled');
    expect(result.steps.map((step) => [step.key, step.status])).toEqual([
      ['sleepy', 'cancelled'],
      ['after', 'cancelled'],
    ]);
    const pid = result.steps[0]?.pid;
    expect(pid).toBeGreaterThan(0);
    const groupGone = () => {
      try {
        process.kill(-pid!, 0);
        return false;
      } catch {
        return true;
      }
    };
    await until(groupGone);
    await expect(engine.resume(executionId)).rejects.toBeInstanceOf(ExecutionNotResumableError);
  });

  it('fails a step that exceeds its timeout', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'timeout.yaml',
      'name: t\nsteps:\n  - key: slow\n    timeout: 50ms\n    run: sleep 30\n',
    );
    const result = await engine.run(loaded);
    expect(result.state).toBe('failed');
    expect(result.steps[0]?.error).toBe("step 'slow' timed out after 50 ms");
  });

  it('resumes a failed run by execution or checkpoint id, running only what had not succeeded', async () => {
    const w = workspace();
    const engine = w.engine();
    const flag = join(w.dir, 'fixed');
    const loaded = await w.load(
      engine,
      'fix.yaml',
      `name: fix
steps:
  - key: build
    run: echo build >> ${w.log}; echo built
  - key: test
    dependsOn: build
    run: echo test >> ${w.log}; test -f ${flag}
  - key: ship
    dependsOn: test
    run: echo "shipping \${{ steps.build.output }}"
`,
    );
    const failed = await engine.run(loaded);
    expect(failed.state).toBe('failed');
    const checkpoint = (await engine.store.getEvents(failed.executionId)).find(
      (event) => event.type === 'step_completed',
    )!;
    writeFileSync(flag, '');
    const resumed = await engine.resume(`${failed.executionId}@${checkpoint.seq}`);
    expect(resumed.state).toBe('completed');
    expect(w.ran()).toEqual(['build', 'test', 'test']);
    expect(resumed.steps.find((step) => step.key === 'ship')?.output).toBe('shipping built');
    expect(resumed.steps.find((step) => step.key === 'test')?.attempt).toBe(2);
    await expect(engine.resume(failed.executionId)).rejects.toThrow(/completed; there is nothing to resume/);
  });

  it('lets only the named approvers decide', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'approvers.yaml',
      'name: approvers\nsteps:\n  - key: gate\n    approval: { message: Ship?, approvers: [ops-lead] }\n',
    );
    const events: WorkflowEvent[] = [];
    engine.on((event) => events.push(event));
    const running = engine.run(loaded);
    await until(() => events.some((event) => event.type === 'approval-requested'));
    const executionId = events.find((event) => event.type === 'approval-requested')!.executionId;
    await expect(engine.approve(executionId, 'gate', { approved: true, by: 'intern' })).rejects.toThrow(
      "step 'gate' may be decided only by ops-lead, not 'intern'",
    );
    await engine.approve(executionId, 'gate', { approved: true, by: 'ops-lead' });
    expect((await running).state).toBe('completed');
  });

  it('refuses a second process resuming a run that is still running', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'lease.yaml',
      'name: lease\nsteps:\n  - key: gate\n    approval: wait\n',
    );
    const events: WorkflowEvent[] = [];
    engine.on((event) => events.push(event));
    const running = engine.run(loaded);
    await until(() => events.some((event) => event.type === 'approval-requested'));
    const executionId = events[events.length - 1]!.executionId;
    const other = w.engine();
    await expect(other.resume(executionId)).rejects.toBeInstanceOf(ExecutionLeasedError);
    await other.approve(executionId, 'gate', { approved: true, by: 'me' });
    expect((await running).state).toBe('completed');
  });

  it('fences a stalled runner whose lease expired: it is overtaken and writes nothing after that', async () => {
    const w = workspace();
    // Never renews within the test: a live process that stalled past its lease.
    const stalled = w.engine({ leaseTtlMs: 150, pollIntervalMs: 60_000 });
    const loaded = await w.load(
      stalled,
      'stall.yaml',
      `name: stall
steps:
  - key: slow
    run: echo start-$AX_ATTEMPT >> ${w.log}; if [ "$AX_ATTEMPT" = 1 ]; then sleep 1; fi; echo end-$AX_ATTEMPT >> ${w.log}
  - key: after
    dependsOn: slow
    run: echo after >> ${w.log}
`,
    );
    const running = stalled.run(loaded);
    const outcome = running.then(
      () => undefined,
      (error: unknown) => error,
    );
    await until(() => w.ran().includes('start-1'));
    const executionId = (await stalled.store.listExecutions())[0]!.id;
    const before = (await stalled.store.getExecution(executionId))!.lease!;
    await new Promise((resolve) => setTimeout(resolve, before.expiresAt - Date.now() + 20));
    const other = w.engine();
    const resumed = await other.resume(executionId);
    expect(resumed.state).toBe('completed');
    const error = await outcome;
    expect(error).toMatchObject({ code: 'lease-lost' });
    const events = await other.store.getEvents(executionId);
    const slow = events.filter((event) => event.stepKey === 'slow').map((e) => [e.type, e.attempt]);
    expect(slow).toEqual([
      ['step_started', 1],
      ['step_interrupted', 1],
      ['step_started', 2],
      ['step_completed', 2],
    ]);
    expect(events.filter((event) => event.type === 'workflow_completed')).toHaveLength(1);
    expect(w.ran().filter((line) => line === 'after')).toHaveLength(1);
    const takenOver = (await other.store.getExecution(executionId))!;
    expect(takenOver.state).toBe('completed');
  });

  it('stops a runner at once when its lease is taken over, aborting its in-flight step', async () => {
    const w = workspace();
    const engine = w.engine({ leaseTtlMs: 300 });
    const loaded = await w.load(
      engine,
      'taken.yaml',
      `name: taken
steps:
  - key: long
    run: echo start >> ${w.log}; sleep 30; echo end >> ${w.log}
`,
    );
    const running = engine.run(loaded).then(
      () => undefined,
      (error: unknown) => error,
    );
    await until(() => w.ran().includes('start'));
    const executionId = (await engine.store.listExecutions())[0]!.id;
    const other = w.open();
    const holder = (await other.getExecution(executionId))!.lease!;
    const thief = {
      owner: 'thief',
      pid: process.pid,
      host: 'elsewhere',
      expiresAt: Date.now() + 60_000,
      token: 0,
    };
    const taken = await other.acquireLease(executionId, thief, holder.owner);
    expect(taken.acquired).toBe(true);
    expect(taken.holder?.token).toBeGreaterThan(holder.token);
    const seq = await other.lastEventSeq(executionId);
    expect(await running).toMatchObject({ code: 'lease-lost' });
    expect(await other.lastEventSeq(executionId)).toBe(seq);
    expect(w.ran()).not.toContain('end');
    expect((await other.getExecution(executionId))?.lease?.owner).toBe('thief');
  });

  it('refuses bad inputs before anything is stored', async () => {
    const w = workspace();
    const engine = w.engine();
    const loaded = await w.load(
      engine,
      'inputs.yaml',
      'name: inputs\ninputs:\n  count: { type: number, required: true }\nsteps:\n  - key: a\n    run: echo ${{ inputs.count }}\n',
    );
    await expect(engine.run(loaded)).rejects.toThrow(/needs input 'count'/);
    await expect(engine.run(loaded, { inputs: { count: 'many' } })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(engine.run(loaded, { inputs: { cuont: '1' } })).rejects.toThrow(/did you mean 'count'/);
    expect(await engine.store.listExecutions()).toEqual([]);
    const ok = await engine.run(loaded, { inputs: { count: '7' } });
    expect(ok.steps[0]?.output).toBe('7');
  });

  it('runs a 1,000-step workflow', async () => {
    const w = workspace();
    const executed: string[] = [];
    const engine = w.engine({
      concurrency: 8,
      executors: {
        run: {
          async execute(context) {
            executed.push(context.key);
            return { output: context.key };
          },
        },
      },
    });
    const steps = Array.from({ length: 1000 }, (_, i) =>
      i === 0
        ? '  - key: s0\n    run: noop'
        : `  - key: s${i}\n    dependsOn: [s${Math.floor((i - 1) / 2)}]\n    run: noop`,
    );
    const loaded = await w.load(engine, 'big.yaml', `name: big\nsteps:\n${steps.join('\n')}\n`);
    const result = await engine.run(loaded);
    expect(result.state).toBe('completed');
    expect(new Set(executed).size).toBe(1000);
    expect(executed).toHaveLength(1000);
  });
}

describe('workflow engine on SQLite', () => {
  engineContract();
});

describeWithPostgres('workflow engine on PostgreSQL', () => {
  const sqlite = openStore;
  beforeAll(() => {
    openStore = (_dir, schema) => createPostgresWorkflowStore(postgresUrl!, { schema });
  });
  afterAll(() => {
    openStore = sqlite;
  });
  engineContract();
});
