import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresWorkflowStore, type PostgresWorkflowStore } from '../../src/store/index.js';
import {
  dispatchEnvironment,
  killGroup,
  startWorker,
  type WorkerProcess,
  workerReady,
} from '../helpers/ax-workers.js';
import { cliPath } from '../helpers/cli.js';
import { describeWithRedis } from '../helpers/services.js';

/**
 * `ax mcp` with REDIS_URL and PostgreSQL: run_workflow and resume_run queue the run for an `ax worker`
 * and follow it from the event log. Steps echo RAN_BY, set only in the worker's environment, so their
 * output says which process ran them.
 */
describeWithRedis('ax mcp with runs dispatched to workers (PostgreSQL + Redis)', () => {
  let dir: string;
  let store: PostgresWorkflowStore;
  let worker: WorkerProcess;
  let client: Client;

  beforeAll(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'ax-mcp-dispatch-')));
    // `gate` fails until the file `go` exists: a failed run for resume_run to hand back.
    writeFileSync(
      join(dir, 'flow.yaml'),
      `name: gated
steps:
  - key: where
    run: echo "ran-by-$RAN_BY"
  - key: gate
    dependsOn: where
    run: test -f go && echo "passed-$RAN_BY"
`,
    );
    writeFileSync(join(dir, 'slow.yaml'), 'name: slow\nsteps:\n  - key: nap\n    run: sleep 30\n');
    const { env } = dispatchEnvironment('mcp');
    store = createPostgresWorkflowStore(env.DATABASE_URL!);
    worker = startWorker({ ...env, RAN_BY: 'worker' }, [], dir);
    const mcpEnv = Object.fromEntries(
      Object.entries({ ...process.env, ...env }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'RAN_BY',
      ),
    );
    client = new Client({ name: 'vitest-dispatch', version: '1.0.0' });
    await Promise.all([
      workerReady(worker),
      client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [cliPath, 'mcp', '--permissions', 'auto'],
          cwd: dir,
          env: mcpEnv,
          stderr: 'ignore',
        }),
      ),
    ]);
  });

  afterAll(async () => {
    await client?.close();
    if (worker) killGroup(worker);
    await store?.close();
  });

  const call = async (name: string, args: Record<string, unknown>, progress?: string[]) =>
    (await client.callTool(
      { name, arguments: args },
      undefined,
      progress ? { onprogress: ({ message }) => progress.push(message ?? '') } : {},
    )) as CallToolResult;

  const outputs = async (executionId: string) =>
    Object.fromEntries(
      (await store.getSteps(executionId)).map((step) => [step.key, [step.status, step.attempt, step.output]]),
    );

  it('run_workflow waits for the run a worker executes, with progress; resume_run hands the failed run back', async () => {
    const progress: string[] = [];
    const ran = await call('run_workflow', { workflow: 'flow.yaml' }, progress);
    expect(ran.isError, JSON.stringify(ran.content)).toBeFalsy();
    const { executionId } = ran.structuredContent as { executionId: string };
    expect(ran.structuredContent).toMatchObject({
      workflow: 'gated',
      state: 'failed',
      summary: { stepsCompleted: 1, stepsFailed: 1 },
    });
    expect(progress).toEqual(
      expect.arrayContaining([
        `execution ${executionId} queued for the workers`,
        'run executing',
        'step where succeeded',
        expect.stringMatching(/^step gate failed/),
        'run failed',
      ]),
    );
    expect(await outputs(executionId)).toMatchObject({ where: ['succeeded', 1, 'ran-by-worker'] });
    expect(worker.output()).toContain(`"executionId":"${executionId}"`);

    writeFileSync(join(dir, 'go'), '');
    const resumed = await call('resume_run', { executionId, wait: true });
    expect(resumed.structuredContent).toMatchObject({ executionId, state: 'completed' });
    // `where` did not run again; `gate` ran in the worker this time too.
    expect(await outputs(executionId)).toEqual({
      where: ['succeeded', 1, 'ran-by-worker'],
      gate: ['succeeded', 2, 'passed-worker'],
    });
  });

  it('without wait, run_workflow answers queued at once; cancelling a waiting call cancels the run in the worker', async () => {
    const queued = await call('run_workflow', { workflow: 'flow.yaml' });
    const { executionId } = queued.structuredContent as { executionId: string };
    expect(queued.structuredContent).toMatchObject({ workflow: 'gated', state: 'queued' });
    const until = async (id: string, predicate: (state: string | undefined) => boolean) => {
      while (!predicate((await store.getExecution(id))?.state))
        await new Promise((resolve) => setTimeout(resolve, 25));
    };
    await until(executionId, (state) => state === 'completed');

    const controller = new AbortController();
    const progress: string[] = [];
    const waiting = client.callTool(
      { name: 'run_workflow', arguments: { workflow: 'slow.yaml' } },
      undefined,
      {
        signal: controller.signal,
        onprogress: ({ message }) => progress.push(message ?? ''),
      },
    );
    while (!progress.includes('run executing')) await new Promise((resolve) => setTimeout(resolve, 25));
    const slow = /execution (\S+) queued/.exec(progress[0]!)![1]!;
    controller.abort('the user pressed Esc');
    await expect(waiting).rejects.toThrow();
    await until(slow, (state) => state === 'cancelled');
  });
});
