// Mastra adapter, following the Mastra docs ("Workflows overview": createStep/createWorkflow,
// .then/.parallel, .commit(), createRun().start(); "Storage" / LibSQLStore reference: a `file:` url
// registered on the Mastra instance; "Restarting workflows": createRun({ runId }).restart() for a run
// whose process died). LibSQLStore turns on WAL and synchronous=NORMAL itself. Non-default settings:
// logger off (its console output would otherwise be measured as I/O).
import { createRequire } from 'node:module';
import { stepKey } from '../lib.mjs';

const require = createRequire(new URL('../../peers/package.json', import.meta.url));
const { Mastra } = await import(require.resolve('@mastra/core/mastra'));
const { createStep, createWorkflow } = await import(require.resolve('@mastra/core/workflows'));
const { LibSQLStore } = await import(require.resolve('@mastra/libsql'));
const { z } = await import(require.resolve('zod'));

const any = z.any();

export function buildWorkflows(work) {
  const step = (key) =>
    createStep({
      id: key,
      inputSchema: any,
      outputSchema: any,
      execute: async () => ({ key, output: await work(key) }),
    });
  const chain = (n) => {
    let wf = createWorkflow({ id: `chain-${n}`, inputSchema: any, outputSchema: any });
    for (let i = 0; i < n; i++) wf = wf.then(step(stepKey(i)));
    return wf.commit();
  };
  const fanout = (n) => {
    const mids = Array.from({ length: n - 2 }, (_, i) => step(stepKey(i + 1)));
    return createWorkflow({ id: `fanout-${n}`, inputSchema: any, outputSchema: any })
      .then(step('s0'))
      .parallel(mids)
      .then(step(stepKey(n - 1)))
      .commit();
  };
  return { chain, fanout };
}

export async function open({ dbPath, work, shapes = [['chain', 100]] }) {
  const storage = new LibSQLStore({ id: 'bench', url: `file:${dbPath}` });
  const builders = buildWorkflows(work);
  const workflows = {};
  for (const [kind, n] of shapes) workflows[`${kind}-${n}`] = builders[kind](n);
  const mastra = new Mastra({ workflows, storage, logger: false });
  const check = (result) => {
    if (result.status !== 'success')
      throw new Error(`mastra run ended ${result.status}: ${result.error ?? ''}`);
    return result;
  };
  const start = async (kind, n, id) => {
    const run = await mastra.getWorkflow(`${kind}-${n}`).createRun({ runId: id });
    return check(await run.start({ inputData: {} }));
  };
  return {
    synchronous: 'NORMAL (set by LibSQLStore)',
    chain: (n, id) => start('chain', n, id),
    fanout: (n, id) => start('fanout', n, id),
    resume: async (id, n = 100) => {
      const run = await mastra.getWorkflow(`chain-${n}`).createRun({ runId: id });
      return check(await run.restart());
    },
    close: async () => storage.close?.(),
  };
}
