import type { Clock } from '../../src/providers/index.js';
import {
  createSdkAdapter,
  ProviderRouter,
  type ProviderRouterOptions,
  type RouterEvent,
  systemClock,
} from '../../src/providers/index.js';
import type { Simulator } from '../../src/simulator/index.js';

/**
 * A clock with real timers (so provider timeouts fire against the real HTTP simulator) whose `sleep` is
 * instant and recorded: backoff waits are asserted by value, and tests never wait them out.
 */
export function instantSleepClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    now: systemClock.now,
    setTimer: systemClock.setTimer,
    sleeps,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
    },
  };
}

export interface SimRouterOptions {
  maxRetries?: number;
  timeoutMs?: number;
  order?: ('claude' | 'gemini' | 'openai')[];
  router?: Partial<ProviderRouterOptions>;
}

/** The three real AI SDK adapters pointed at the simulator, behind one router, with events recorded. */
export function simRouter(sim: Simulator, options: SimRouterOptions = {}) {
  const clock = instantSleepClock();
  const specs = {
    claude: { kind: 'anthropic', family: 'anthropic', model: 'claude-sonnet-4-5' },
    gemini: { kind: 'google', family: 'gemini', model: 'gemini-2.5-flash' },
    openai: { kind: 'openai', family: 'openai', model: 'gpt-4o' },
  } as const;
  const order = options.order ?? ['claude', 'gemini', 'openai'];
  const router = new ProviderRouter({
    providers: order.map((name, index) => ({
      adapter: createSdkAdapter({
        name,
        kind: specs[name].kind,
        defaultModel: specs[name].model,
        apiKey: 'sim-key',
        baseURL: sim.baseURL(specs[name].family),
        simulated: true,
      }),
      priority: index + 1,
      maxRetries: options.maxRetries ?? 2,
      timeoutMs: options.timeoutMs ?? 5_000,
    })),
    clock,
    random: () => 0.5,
    ...options.router,
  });
  const events: RouterEvent[] = [];
  router.events.onAny((event) => events.push(event));
  return {
    router,
    clock,
    events,
    types: () => events.map((event) => event.type),
    of: <T extends RouterEvent['type']>(type: T) =>
      events.filter((event): event is Extract<RouterEvent, { type: T }> => event.type === type),
  };
}
