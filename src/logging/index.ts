export {
  isSecretName,
  redactedText,
  redactSecrets,
  redactString,
  secretsFromEnvironment,
} from '../secrets/index.js';
export {
  type CreateLoggerOptions,
  createLogger,
  isLogLevel,
  type Logger,
  type LogLevel,
  logLevels,
} from './create-logger.js';
export { formatLogLine, type LogFormat, logFormats, resolveLogFormat } from './format-log-line.js';
export { attachRunTelemetry, type RunMetrics } from './run-telemetry.js';
export {
  attachWorkflowLogger,
  type LoggableWorkflowEvent,
  type WorkflowEventSource,
} from './workflow-event-logger.js';
