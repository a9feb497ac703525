import { attachRunAlerts, createWebhookSender } from '../alerts/index.js';
import { type EffectiveConfig, resolveEffectiveConfig } from '../config/index.js';
import {
  attachRunTelemetry,
  attachWorkflowLogger,
  createLogger,
  type LogFormat,
  type Logger,
  type LogLevel,
  resolveLogFormat,
} from '../logging/index.js';
import { currentTracing } from '../telemetry/index.js';
import { createEngine, type EngineOptions, type WorkflowEngine } from '../workflows/index.js';
import { logFormatFlag, terminalLogDestination } from './terminal-log.js';

export interface ConfiguredEngineContext {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * The engine as the CLI runs it: `createEngine` with the effective configuration applied at the edge.
 * The run limit comes from MAX_CONCURRENT_WORKFLOWS or `workflows.maxConcurrent`; engine events go to
 * the structured log (LOG_LEVEL, LOG_FILE; never stdout), to the local metrics file when telemetry is
 * on, and to the alert webhook when one is configured. The engine itself knows none of this.
 */
export function createConfiguredEngine(
  options: EngineOptions,
  context: ConfiguredEngineContext = {},
): WorkflowEngine {
  const config = resolveEffectiveConfig({
    env: context.env ?? process.env,
    ...(context.cwd === undefined ? {} : { cwd: context.cwd }),
    flags: { logFormat: logFormatFlag() },
  });
  const { settings } = config;
  // Run and step spans when tracing was started (createWorkflowRuntime starts it from the environment).
  const tracing = currentTracing()?.createEngineTracing();
  const executors = tracing
    ? Object.fromEntries(
        Object.entries(options.executors ?? {}).map(([kind, executor]) => [
          kind,
          tracing.wrapExecutor(executor),
        ]),
      )
    : options.executors;
  const engine = createEngine({
    maxConcurrentRuns: settings.maxConcurrentWorkflows.value,
    ...options,
    ...(executors === undefined ? {} : { executors }),
  });
  tracing?.attach(engine);
  const toStderr = settings.logFile.value === 'stderr';
  const logger = createLogger({
    level: settings.logLevel.value as LogLevel,
    destination: toStderr ? terminalLogDestination : settings.logFile.value,
    format: resolveLogFormat(
      settings.logFormat.value as LogFormat,
      toStderr && process.stderr.isTTY === true,
    ),
    base: { component: 'workflow' },
  });
  logger.debug({ profile: config.profile.value, settings: sourcesOf(config) }, 'configuration');
  attachWorkflowLogger(engine, logger);
  if (settings.telemetry.value) attachRunTelemetry(engine, { file: settings.telemetryFile.value });
  attachWebhookAlerts(engine, config, logger);
  return engine;
}

function attachWebhookAlerts(engine: WorkflowEngine, config: EffectiveConfig, logger: Logger): void {
  const webhook = config.alerts.webhook?.value;
  if (!webhook) return;
  attachRunAlerts(engine, {
    events: webhook.events,
    send: createWebhookSender({ url: webhook.url, timeoutMs: webhook.timeoutMs, retries: webhook.retries }),
    // A failed sub-workflow fails its parent too: page once, for the run a person started.
    includeRun: async (executionId) => !(await engine.store.getExecution(executionId))?.parentExecutionId,
    onDelivery: (payload, result) => {
      const fields = { alert: payload.event, executionId: payload.executionId, ...result };
      if (result.delivered) logger.info(fields, 'alert delivered');
      else logger.error(fields, `alert not delivered after ${result.attempts} attempts: ${result.error}`);
    },
  });
}

/** `{ logLevel: 'debug (env)' }`: what the log says about where each value came from. */
function sourcesOf(config: EffectiveConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config.settings).map(([name, setting]) => [
      name,
      `${String(setting.value)} (${setting.source})`,
    ]),
  );
}
