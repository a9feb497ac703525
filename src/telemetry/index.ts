/**
 * OpenTelemetry traces, on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (and free when it is not: the SDK
 * is loaded only then): a span per run → step → agent turn (`chat <model>`, GenAI attributes) →
 * provider attempt, with retries, failovers and breaker changes as span events.
 */
export {
  currentTracing,
  shutdownTracing,
  startTracing,
  type Tracing,
  tracingRequested,
} from './start-tracing.js';
export type { EngineTracing } from './trace-engine.js';
