import { z } from 'zod';

/**
 * Sections of `automatosx.config.json` for running AutomatosX in production: logging, workflow limits, telemetry, feature flags, alerts, and per-`NODE_ENV` profiles that override them.
 * Every field here has an environment variable and a default listed in `setting-definitions.ts`.
 */
export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const logFormatSchema = z.enum(['auto', 'pretty', 'json']);

export const loggingConfigSchema = z.strictObject({
  level: logLevelSchema.optional().describe('lowest level written (env LOG_LEVEL; default warn)'),
  format: logFormatSchema
    .optional()
    .describe(
      'auto: human lines on a terminal, JSON otherwise; pretty; json (env LOG_FORMAT, flag --log-format)',
    ),
  file: z
    .string()
    .min(1)
    .optional()
    .describe('append JSON lines to this file instead of stderr (env LOG_FILE)'),
});

export const workflowsConfigSchema = z.looseObject({
  maxConcurrent: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('whole runs in flight at once per process (env MAX_CONCURRENT_WORKFLOWS; default 16)'),
  checkpointInterval: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('accepted for compatibility and ignored: every step transition is checkpointed'),
});

export const telemetryConfigSchema = z.strictObject({
  enabled: z.boolean().optional().describe('write local run metrics (env ENABLE_TELEMETRY; default false)'),
  file: z.string().min(1).optional().describe('metrics file (default .automatosx/telemetry.jsonl)'),
});

export const alertEventNames = [
  'workflow_failed',
  'workflow_cancelled',
  'workflow_completed',
  'workflow_paused',
] as const;
export type AlertEventName = (typeof alertEventNames)[number];

export const webhookAlertConfigSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('receives a JSON POST per alert'),
  events: z.array(z.enum(alertEventNames)).min(1).default(['workflow_failed']),
  timeoutMs: z.number().int().positive().default(5000).describe('per attempt'),
  retries: z.number().int().min(0).max(10).default(3).describe('extra attempts after a failed one'),
});

export const alertsConfigSchema = z.strictObject({
  webhook: webhookAlertConfigSchema.optional(),
});

export const featuresConfigSchema = z.record(
  z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, 'feature names are letters, digits, _, . and -'),
  z.boolean(),
);

const operationsSections = {
  logging: loggingConfigSchema.optional(),
  workflows: workflowsConfigSchema.optional(),
  telemetry: telemetryConfigSchema.optional(),
  features: featuresConfigSchema.optional(),
  alerts: alertsConfigSchema.optional(),
};

/** A profile overrides any operational section; it is merged over the file's own sections. */
export const profileConfigSchema = z.strictObject(operationsSections);
export type ProfileConfig = z.infer<typeof profileConfigSchema>;

/** Spread into the top-level config schema. */
export const operationsConfigShape = {
  ...operationsSections,
  profiles: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/), profileConfigSchema)
    .optional()
    .describe('sections merged over the base when NODE_ENV names the profile'),
};
