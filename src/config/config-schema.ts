import { z } from 'zod';
import { mcpServersConfigSchema } from './mcp-servers-config-schema.js';
import { operationsConfigShape } from './operations-config-schema.js';

/** Fields every provider entry shares: the seed's `providers.<name>` shape plus token limits. */
const commonFields = {
  enabled: z.boolean().default(true).describe('false keeps the entry but never routes to it'),
  priority: z.number().int().min(0).optional().describe('lower is tried first under the priority strategy'),
  defaultModel: z.string().min(1).optional(),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .optional()
    .describe('retries on this provider before failing over'),
  timeout: z.number().int().positive().optional().describe('ms without an answer (or next chunk) per try'),
  rateLimitPerMinute: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('requests per minute; extra requests queue'),
  tokensPerMinute: z.number().int().positive().optional().describe('tokens per minute; extra requests queue'),
  maxQueueWait: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('ms a request may wait in the rate-limit queue before failing over; default 300000'),
  modelLimits: z
    .record(
      z.string().min(1),
      z.strictObject({
        rateLimitPerMinute: z.number().int().positive().optional(),
        tokensPerMinute: z.number().int().positive().optional(),
      }),
    )
    .optional()
    .describe('per-model requests/tokens per minute, on top of the provider-wide limits'),
  contextWindow: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('tokens, when the price table does not know the model'),
};

const keyFields = {
  /** Name of the environment variable holding the key; the key itself is best kept out of files. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
  apiKey: z.string().min(1).optional().describe('prefer apiKeyEnv: a key in a file is easy to leak'),
  baseURL: z.url().optional(),
};

export const sdkProviderTypes = ['anthropic', 'google', 'openai', 'openai-compatible'] as const;

const sdkEntrySchema = z.strictObject({
  type: z.enum(['anthropic', 'google']),
  ...commonFields,
  ...keyFields,
});

const openaiEntrySchema = z.strictObject({
  type: z.literal('openai'),
  ...commonFields,
  ...keyFields,
  api: z
    .enum(['chat', 'responses'])
    .optional()
    .describe(
      'endpoint requests use: chat (POST {baseURL}/chat/completions) or responses (POST {baseURL}/responses); default responses, or chat when baseURL is set',
    ),
});

const compatibleEntrySchema = z.strictObject({
  type: z.literal('openai-compatible'),
  ...commonFields,
  ...keyFields,
  baseURL: z.url().describe('e.g. http://127.0.0.1:11434/v1 for Ollama'),
  defaultModel: z.string().min(1),
});

const cliEntrySchema = z.strictObject({
  type: z.literal('cli'),
  ...commonFields,
  command: z.string().min(1).describe('executable on PATH, e.g. claude, gemini, codex'),
  args: z.array(z.string()).default([]).describe('arguments; {model} is replaced; the prompt goes to stdin'),
});

const faultRuleSchema = z.looseObject({
  provider: z.string().optional(),
  fault: z.string(),
});

const simulatorEntrySchema = z.strictObject({
  type: z.literal('simulator'),
  ...commonFields,
  protocol: z.enum(['anthropic', 'openai', 'gemini', 'compat']),
  /** A running `ax sim` to use instead of starting one in-process. */
  url: z.url().optional(),
  faults: z.array(faultRuleSchema).optional(),
});

export const providerEntrySchema = z.discriminatedUnion('type', [
  sdkEntrySchema,
  openaiEntrySchema,
  compatibleEntrySchema,
  cliEntrySchema,
  simulatorEntrySchema,
]);
export type ProviderEntryConfig = z.infer<typeof providerEntrySchema>;

export const routerConfigSchema = z.strictObject({
  strategy: z.enum(['priority', 'health', 'cost']).default('priority'),
  backoffBaseMs: z.number().int().positive().optional(),
  backoffCapMs: z.number().int().positive().optional(),
  retryAfterCeilingMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('longest Retry-After waited out when no other provider can answer (default 60000)'),
  circuitBreaker: z
    .strictObject({
      errorThreshold: z.number().gt(0).max(1).optional(),
      windowMs: z.number().int().positive().optional(),
      minimumRequests: z.number().int().positive().optional(),
      cooldownMs: z.number().int().positive().optional(),
    })
    .optional(),
  cache: z
    .strictObject({
      enabled: z.boolean().default(true),
      ttlSeconds: z.number().int().positive().default(3600),
    })
    .optional(),
  restartInterruptedStreams: z.boolean().default(false),
});
export type RouterConfig = z.infer<typeof routerConfigSchema>;

const usd = z.number().positive().describe('US dollars, priced from the price table');

/**
 * Spend caps, enforced across every worker when REDIS_URL is set. A request that would go past a cap
 * fails with BudgetExceededError naming it; a provider past its own cap is skipped (failover).
 */
export const budgetConfigSchema = z.strictObject({
  dailyUsd: usd.optional().describe('all providers together, per UTC day'),
  perRunUsd: usd.optional().describe('one workflow run (all its steps)'),
  providers: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/), z.strictObject({ dailyUsd: usd }))
    .optional()
    .describe('per provider, per UTC day'),
});
export type BudgetConfig = z.infer<typeof budgetConfigSchema>;

/**
 * `automatosx.config.json`. Strict at the top level: a misspelt section (`providres`) is reported with
 * the nearest known name rather than silently ignored. A system that adds a section adds it here.
 */
export const automatosxConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  providers: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), providerEntrySchema).default({}),
  router: routerConfigSchema.optional(),
  mcpServers: mcpServersConfigSchema,
  budget: budgetConfigSchema.optional(),
  ...operationsConfigShape,
});
export type AutomatosxConfig = z.infer<typeof automatosxConfigSchema>;

/** The entries a config without `type` means by name, as in the seed's example. */
export const builtinProviderTypes = { claude: 'anthropic', gemini: 'google', openai: 'openai' } as const;

const builtinEntry = (type: 'anthropic' | 'google') =>
  sdkEntrySchema.extend({ type: z.literal(type).optional() }).optional();

/**
 * The same file as editors should see it: `claude`, `gemini` and `openai` may omit `type` (the loader
 * fills it in from the name before validating with `automatosxConfigSchema`).
 */
export const automatosxConfigEditorSchema = automatosxConfigSchema.extend({
  providers: z
    .object({
      claude: builtinEntry('anthropic'),
      gemini: builtinEntry('google'),
      openai: openaiEntrySchema.extend({ type: z.literal('openai').optional() }).optional(),
    })
    .catchall(providerEntrySchema)
    .optional(),
});
