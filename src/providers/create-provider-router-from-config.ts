import { resolve } from 'node:path';
import { type AutomatosxConfig, loadConfig, type ProviderEntryConfig } from '../config/index.js';
import { registerSecretValues } from '../secrets/index.js';
import type { FaultRule, Simulator, SimulatorOptions } from '../simulator/index.js';
import { defaultDatabasePath, openDatabase } from '../store/index.js';
import type { AnswerCache } from './answer-cache.js';
import { createCliAdapter } from './cli-adapter.js';
import { type Clock, systemClock } from './clock.js';
import { ProviderRouter } from './provider-router.js';
import type { ProviderEntry, UnavailableProvider } from './provider-slot.js';
import type { ProviderState } from './provider-state.js';
import { ResponseCache } from './response-cache.js';
import { createSdkAdapter, type SdkAdapterKind } from './sdk-adapter.js';
import { createSpendBudget, type SpendGuard } from './spend-budget.js';
import { createSqliteSpendLedger } from './sqlite-spend-ledger.js';

/** The three vendors every install knows, with the seed's defaults; config entries override them. */
const builtins = {
  claude: {
    type: 'anthropic',
    priority: 1,
    defaultModel: 'claude-sonnet-4-5',
    keyVars: ['ANTHROPIC_API_KEY'],
  },
  gemini: {
    type: 'google',
    priority: 2,
    defaultModel: 'gemini-2.5-flash',
    keyVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'],
  },
  openai: { type: 'openai', priority: 3, defaultModel: 'gpt-4o', keyVars: ['OPENAI_API_KEY'] },
} as const;

const keyVarsByType: Record<string, readonly string[]> = {
  anthropic: builtins.claude.keyVars,
  google: builtins.gemini.keyVars,
  openai: builtins.openai.keyVars,
};

/** Used when no real provider is usable: the simulator speaking each vendor's wire format. */
const defaultSimulatorEntries: Record<string, ProviderEntryConfig> = {
  'simulator-claude': {
    type: 'simulator',
    protocol: 'anthropic',
    priority: 1,
    defaultModel: 'claude-sonnet-4-5',
    enabled: true,
  },
  'simulator-gemini': {
    type: 'simulator',
    protocol: 'gemini',
    priority: 2,
    defaultModel: 'gemini-2.5-flash',
    enabled: true,
  },
  'simulator-openai': {
    type: 'simulator',
    protocol: 'openai',
    priority: 3,
    defaultModel: 'gpt-4o',
    enabled: true,
  },
};

const simulatorModels = {
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  openai: 'gpt-4o',
  compat: 'llama-3.1-8b',
} as const;

export interface CreateProviderRouterOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Config file; default `automatosx.config.json` in `cwd`. */
  configPath?: string;
  /** Already-loaded config (skips reading the file). */
  config?: AutomatosxConfig;
  /**
   * `auto` (default): the simulator serves only when no real provider has a key. `always`: only the
   * simulator (tests, demos). `never`: no simulator even without keys.
   */
  simulator?: 'auto' | 'always' | 'never';
  /** Pacing, faults and scripts of the in-process simulator when one is started (e.g. `ax demo`). */
  simulatorOptions?: SimulatorOptions;
  /**
   * SQLite file for the response cache. Without it the cache is on only when the config says
   * `router.cache.enabled: true`, in `$DATABASE_PATH` or `.automatosx/automatosx.db` under `cwd`.
   */
  databasePath?: string;
  clock?: Clock;
  random?: () => number;
  fetch?: typeof globalThis.fetch;
  /**
   * Prefix of the Redis keys shared with other workers when `REDIS_URL` is set; default
   * `AX_REDIS_PREFIX`, else `ax`. Workers of one deployment must use the same one.
   */
  redisPrefix?: string;
}

export interface ConfiguredRouter {
  router: ProviderRouter;
  /** Lines a person should see, e.g. that answers are simulated because no keys were found. */
  notices: string[];
  /** Every usable provider is the simulator. */
  simulatedOnly: boolean;
  /** Limits, breakers, health, spend (and the cache when on) are shared through Redis (REDIS_URL). */
  shared: boolean;
  /** The in-process simulator, when one was started (tests use it to inject faults). */
  simulator: Simulator | undefined;
  configPath: string | undefined;
  /** Stops the in-process simulator and closes the cache database. */
  close(): Promise<void>;
}

/**
 * Builds the router from `automatosx.config.json` and the environment. A provider whose key is missing is
 * listed as not configured and never silently replaced; only when no real provider is usable at all does
 * the built-in simulator serve, started in-process on demand, and `notices` says so.
 */
export async function createProviderRouterFromConfig(
  options: CreateProviderRouterOptions = {},
): Promise<ConfiguredRouter> {
  const env = options.env ?? process.env;
  const loaded = options.config
    ? { config: options.config, path: undefined }
    : loadConfig({
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
        ...(options.configPath ? { path: options.configPath } : {}),
      });
  const { config } = loaded;
  const mode = options.simulator ?? 'auto';
  const configured: Record<string, ProviderEntryConfig> = {};
  for (const [name, spec] of Object.entries(builtins)) {
    configured[name] = {
      type: spec.type,
      priority: spec.priority,
      defaultModel: spec.defaultModel,
      enabled: true,
    };
  }
  // A config entry for a built-in name overrides only the fields it sets (priority, model, …).
  for (const [name, entry] of Object.entries(config.providers)) {
    configured[name] = { ...configured[name], ...entry } as ProviderEntryConfig;
  }

  const real: ProviderEntry[] = [];
  const simulated: [string, ProviderEntryConfig & { type: 'simulator' }][] = [];
  const unavailable: UnavailableProvider[] = [];
  for (const [name, entry] of Object.entries(configured)) {
    const described = {
      name,
      kind: entry.type,
      ...(entry.defaultModel === undefined ? {} : { model: entry.defaultModel }),
      ...(entry.priority === undefined ? {} : { priority: entry.priority }),
    };
    if (!entry.enabled) {
      unavailable.push({ ...described, reason: 'disabled in automatosx.config.json (set enabled: true)' });
      continue;
    }
    if (entry.type === 'simulator') {
      simulated.push([name, entry]);
      continue;
    }
    if (mode === 'always') {
      unavailable.push({ ...described, reason: 'not used: the simulator was requested instead' });
      continue;
    }
    if (entry.type === 'cli') {
      real.push(
        withLimits(
          entry,
          createCliAdapter({
            name,
            command: entry.command,
            args: entry.args,
            defaultModel: entry.defaultModel ?? entry.command,
          }),
        ),
      );
      continue;
    }
    const keyVars = entry.apiKeyEnv ? [entry.apiKeyEnv] : (keyVarsByType[entry.type] ?? []);
    const apiKey =
      entry.apiKey ??
      keyVars.map((variable) => env[variable]).find((value) => value !== undefined && value !== '');
    // The secret policy redacts this exact value everywhere, wherever it came from (env or file).
    registerSecretValues([apiKey]);
    if (apiKey === undefined && entry.type !== 'openai-compatible') {
      unavailable.push({ ...described, reason: `no API key: set ${keyVars.join(' or ')}` });
      continue;
    }
    real.push(
      withLimits(
        entry,
        createSdkAdapter({
          name,
          kind: entry.type as SdkAdapterKind,
          defaultModel: entry.defaultModel ?? builtins[name as keyof typeof builtins]?.defaultModel ?? name,
          apiKey,
          ...(entry.baseURL === undefined ? {} : { baseURL: entry.baseURL }),
          ...(entry.type === 'openai' && entry.api !== undefined ? { api: entry.api } : {}),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        }),
      ),
    );
  }

  const notices: string[] = [];
  if (mode !== 'never' && simulated.length === 0 && real.length === 0) {
    simulated.push(...(Object.entries(defaultSimulatorEntries) as typeof simulated));
    notices.push(
      mode === 'always'
        ? 'using the built-in simulator as requested: every answer is simulated'
        : 'no provider keys found (ANTHROPIC_API_KEY, GOOGLE_API_KEY or GEMINI_API_KEY, OPENAI_API_KEY): ' +
            'using the built-in simulator, so every answer is simulated',
    );
  }

  let simulator: ConfiguredRouter['simulator'];
  const simEntries: ProviderEntry[] = [];
  if (simulated.length > 0) {
    const needsLocal = simulated.some(([, entry]) => entry.url === undefined);
    if (needsLocal) {
      const { createSimulator } = await import('../simulator/index.js');
      const faults = simulated.flatMap(([, entry]) => entry.faults ?? []);
      simulator = await createSimulator({
        ...options.simulatorOptions,
        ...(faults.length
          ? { faults: [...(options.simulatorOptions?.faults ?? []), ...(faults as FaultRule[])] }
          : {}),
      });
    }
    for (const [name, entry] of simulated) {
      const baseURL = entry.url
        ? externalSimulatorURL(entry.url, entry.protocol, name)
        : simulator!.baseURL(entry.protocol, entry.protocol === 'compat' ? name : undefined);
      const kind: SdkAdapterKind =
        entry.protocol === 'anthropic'
          ? 'anthropic'
          : entry.protocol === 'gemini'
            ? 'google'
            : entry.protocol === 'openai'
              ? 'openai'
              : 'openai-compatible';
      simEntries.push(
        withLimits(
          entry,
          createSdkAdapter({
            name,
            kind,
            defaultModel: entry.defaultModel ?? simulatorModels[entry.protocol],
            apiKey: 'simulated',
            baseURL,
            // The twin of OpenAI speaks what OpenAI's own client uses by default.
            ...(kind === 'openai' ? { api: 'responses' as const } : {}),
            simulated: true,
            ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
          }),
        ),
      );
    }
  }

  const cacheTtlMs = (config.router?.cache?.ttlSeconds ?? 3600) * 1000;
  // With REDIS_URL, limits, breakers, health, spend and (when enabled) the cache are shared by every worker.
  const shared =
    env.REDIS_URL === undefined || env.REDIS_URL === ''
      ? undefined
      : await (async () => {
          const { createSharedBudget } = await import('./create-shared-budget.js');
          return createSharedBudget({
            url: env.REDIS_URL!,
            prefix: options.redisPrefix ?? env.AX_REDIS_PREFIX ?? 'ax',
            clock: options.clock ?? systemClock,
            cacheTtlMs: config.router?.cache?.enabled === true ? cacheTtlMs : undefined,
          });
        })().catch(async (error: unknown) => {
          await simulator?.close();
          throw error;
        });
  // The SQLite file holds the cache (when on and not shared) and, without Redis, the spend totals.
  const cacheOnDisk =
    shared?.cache === undefined &&
    config.router?.cache?.enabled !== false &&
    (options.databasePath !== undefined || config.router?.cache?.enabled === true);
  const spendOnDisk = config.budget !== undefined && shared === undefined;
  let db: ReturnType<typeof openDatabase> | undefined;
  let router: ProviderRouter;
  try {
    db =
      cacheOnDisk || spendOnDisk
        ? openDatabase(
            options.databasePath ??
              resolve(options.cwd ?? process.cwd(), env.DATABASE_PATH ?? defaultDatabasePath),
          )
        : undefined;
    const cache =
      shared?.cache ?? (cacheOnDisk && db ? new ResponseCache(db, { ttlMs: cacheTtlMs }) : undefined);
    const ledger = shared?.ledger ?? (db ? createSqliteSpendLedger(db) : undefined);
    const budget =
      config.budget === undefined || ledger === undefined
        ? undefined
        : createSpendBudget(config.budget, ledger);
    router = createRouter(config, [...real, ...simEntries], unavailable, options, {
      cache,
      budget,
      state: shared?.state,
    });
  } catch (error) {
    // Do not leave a listening simulator behind a failed start: it would keep the process alive.
    db?.close();
    await simulator?.close();
    await shared?.close();
    throw error;
  }
  return {
    router,
    notices,
    simulatedOnly: router.simulatedOnly,
    shared: shared !== undefined,
    simulator,
    configPath: loaded.path,
    async close() {
      db?.close();
      await simulator?.close();
      await shared?.close();
    },
  };
}

function createRouter(
  config: AutomatosxConfig,
  providers: ProviderEntry[],
  unavailable: UnavailableProvider[],
  options: CreateProviderRouterOptions,
  pieces: {
    cache: AnswerCache | undefined;
    budget: SpendGuard | undefined;
    state: ProviderState | undefined;
  },
): ProviderRouter {
  const routerConfig = config.router;
  return new ProviderRouter({
    providers,
    unavailable,
    ...(routerConfig?.strategy === undefined ? {} : { strategy: routerConfig.strategy }),
    backoff: {
      ...(routerConfig?.backoffBaseMs === undefined ? {} : { baseMs: routerConfig.backoffBaseMs }),
      ...(routerConfig?.backoffCapMs === undefined ? {} : { capMs: routerConfig.backoffCapMs }),
    },
    ...(routerConfig?.retryAfterCeilingMs === undefined
      ? {}
      : { retryAfterCeilingMs: routerConfig.retryAfterCeilingMs }),
    ...(routerConfig?.circuitBreaker === undefined
      ? {}
      : { breaker: stripUndefined(routerConfig.circuitBreaker) }),
    ...(pieces.cache === undefined ? {} : { cache: pieces.cache }),
    ...(pieces.budget === undefined ? {} : { budget: pieces.budget }),
    ...(pieces.state === undefined ? {} : { state: pieces.state }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.random === undefined ? {} : { random: options.random }),
    restartInterruptedStreams: routerConfig?.restartInterruptedStreams ?? false,
  });
}

function withLimits(entry: ProviderEntryConfig, adapter: ProviderEntry['adapter']): ProviderEntry {
  return {
    adapter,
    priority: entry.priority ?? 10,
    ...(entry.maxRetries === undefined ? {} : { maxRetries: entry.maxRetries }),
    ...(entry.timeout === undefined ? {} : { timeoutMs: entry.timeout }),
    ...(entry.contextWindow === undefined ? {} : { contextWindow: entry.contextWindow }),
    ...(entry.maxQueueWait === undefined ? {} : { maxQueueWaitMs: entry.maxQueueWait }),
    rateLimits: {
      requestsPerMinute: entry.rateLimitPerMinute,
      tokensPerMinute: entry.tokensPerMinute,
      ...(entry.modelLimits === undefined
        ? {}
        : {
            models: Object.fromEntries(
              Object.entries(entry.modelLimits).map(([model, limits]) => [
                model,
                { requestsPerMinute: limits.rateLimitPerMinute, tokensPerMinute: limits.tokensPerMinute },
              ]),
            ),
          }),
    },
  };
}

/** Where an external `ax sim` serves each wire format (same layout as the in-process one). */
function externalSimulatorURL(url: string, protocol: string, name: string): string {
  const root = url.replace(/\/+$/, '');
  if (protocol === 'anthropic') return `${root}/anthropic/v1`;
  if (protocol === 'openai') return `${root}/openai/v1`;
  if (protocol === 'gemini') return `${root}/gemini/v1beta`;
  return `${root}/compat/${name}/v1`;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as never;
}
