// Restate SDK endpoint for the scale-out workloads: `chain(n)` runs n no-op `ctx.run` steps; `fan(width)` a root, width - 2 parallel steps and a sink; `recovery(mark)`
// runs `before`, then `slow` whose first attempt never returns (the process is SIGKILLed meanwhile);
// `five(waitMs)` runs 5 steps that each wait `waitMs` (0: no-op). With SERVICE=benchN the same handlers
// are served under that name, so several endpoint processes can each be their own deployment.
import { readFileSync, writeFileSync } from 'node:fs';
import * as restate from '@restatedev/restate-sdk';

const bench = restate.service({
  name: process.env.SERVICE ?? 'bench',
  handlers: {
    five: async (ctx, waitMs) => {
      for (let i = 0; i < 5; i++)
        await ctx.run(`s${i}`, () =>
          waitMs > 0 ? new Promise((resolve) => setTimeout(resolve, waitMs)) : null,
        );
      return 5;
    },
    chain: async (ctx, n) => {
      for (let i = 0; i < n; i++) await ctx.run(`s${i}`, () => null);
      return n;
    },
    fan: async (ctx, width) => {
      await ctx.run('root', () => null);
      await restate.RestatePromise.all(
        Array.from({ length: width - 2 }, (_, i) => ctx.run(`f${i}`, () => null)),
      );
      await ctx.run('sink', () => null);
      return width;
    },
    recovery: async (ctx, mark) => {
      const append = (line) => writeFileSync(mark, `${line}\n`, { flag: 'a' });
      await ctx.run('before', () => append(`before ${process.pid}`));
      await ctx.run('slow', async () => {
        const slowRuns = readFileSync(mark, 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('slow')).length;
        append(`slow ${slowRuns + 1} ${Date.now()}`);
        if (slowRuns === 0) await new Promise((resolve) => setTimeout(resolve, 30_000));
      });
      return 'done';
    },
  },
});

await restate.serve({ services: [bench], port: Number(process.env.PORT ?? 9080) });
process.stdout.write('ready\n');
