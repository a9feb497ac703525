import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { describeWithRedis, redisUrl, uniqueServiceName } from '../helpers/services.js';
import { dropKeys, projectWith, startWorker, type WorkerLine } from './worker-processes.test-support.js';

/**
 * The acceptance tests, with real worker processes: each is a separate Node process that builds
 * its router from the same automatosx.config.json and shares state only through Redis (the rate-limit
 * and daily-cap tests run real `ax worker`s: ax-worker-budget.test.ts; a cache needs temperature 0,
 * which workflow steps cannot ask for, and the breaker test needs a worker waiting at a chosen moment).
 */
describeWithRedis('one provider budget across worker processes (real Redis)', () => {
  let sim: Simulator;
  let prefix: string;
  const used: string[] = [];
  beforeAll(async () => {
    sim = await createSimulator();
  });
  afterAll(async () => {
    await sim.close();
    await dropKeys(redisUrl!, used);
  });
  beforeEach(() => {
    sim.reset();
    sim.clearFaults();
    prefix = uniqueServiceName('ax_budget');
    used.push(prefix);
  });
  const root = () => new URL(sim.baseURL('anthropic')).origin;
  const answered = (lines: WorkerLine[]) => lines.filter((line) => line.ok !== undefined);

  it('a breaker opened by faults in worker A sends worker B straight to the backup', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'server-error' }]);
    const project = projectWith({
      providers: {
        primary: { type: 'simulator', protocol: 'anthropic', url: root(), priority: 1, maxRetries: 0 },
        backup: { type: 'simulator', protocol: 'openai', url: root(), priority: 2 },
      },
      router: { circuitBreaker: { minimumRequests: 3, errorThreshold: 0.5, cooldownMs: 60_000 } },
    });
    const go = join(project, 'go');
    const b = startWorker(project, redisUrl!, prefix, { requests: 1, waitForFile: go });
    await b.ready;
    const a = await startWorker(project, redisUrl!, prefix, { requests: 4 }).done;
    expect(answered(a).every((line) => line.provider === 'backup')).toBe(true);
    expect(a.at(-1)?.circuits).toContainEqual(['primary', 'open']);
    const primaryRequests = sim.stats().anthropic?.requests;
    expect(primaryRequests).toBe(3);
    writeFileSync(go, '');
    const [only] = answered(await b.done);
    expect(only).toMatchObject({ ok: true, provider: 'backup' });
    expect(only?.attempts?.map((attempt) => attempt.provider)).toEqual(['backup']);
    expect(sim.stats().anthropic?.requests).toBe(primaryRequests);
  }, 60_000);

  it('two workers, one cache: the second identical request is answered from the cache', async () => {
    // Two project directories, as on two machines: the only thing the workers share is Redis.
    const config = {
      providers: { primary: { type: 'simulator', protocol: 'anthropic', url: root(), priority: 1 } },
      router: { cache: { enabled: true } },
    };
    const plan = { requests: 1, temperature: 0, prompt: 'Name one prime number.' };
    const [first] = answered(await startWorker(projectWith(config), redisUrl!, prefix, plan).done);
    const [second] = answered(await startWorker(projectWith(config), redisUrl!, prefix, plan).done);
    expect(first).toMatchObject({ ok: true, cached: false });
    expect(second).toMatchObject({ ok: true, cached: true });
    expect(sim.stats().anthropic?.requests).toBe(1);
  }, 60_000);
});
