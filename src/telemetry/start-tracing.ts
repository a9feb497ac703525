import type { Tracer } from '@opentelemetry/api';
import type { ModelClient, ProviderRouter } from '../providers/index.js';
import type { EngineTracing } from './trace-engine.js';

export interface Tracing {
  tracer: Tracer;
  /** Run and step spans for an engine: wrap its executors, then attach it. */
  createEngineTracing(): EngineTracing;
  /** Agent turns and provider attempts as spans, with the router's retries and failovers as events. */
  instrumentClient(client: ModelClient, router: ProviderRouter): ModelClient;
  /** Sends what is buffered and stops; call before the process exits. */
  shutdown(): Promise<void>;
}

let started: Promise<Tracing | undefined> | undefined;
let current: Tracing | undefined;

/** Tracing as started by `startTracing` (undefined before it resolved, or when it is off). */
export function currentTracing(): Tracing | undefined {
  return current;
}

/** Whether traces are wanted: `OTEL_EXPORTER_OTLP_ENDPOINT` (or its traces-only variant) is set. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry tracing for this process, once, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set:
 * a Node tracer provider (async-hooks context) exporting over OTLP/HTTP in batches. Unset, nothing of
 * OpenTelemetry is even loaded and this resolves to undefined.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<Tracing | undefined> {
  if (!tracingRequested(env)) return Promise.resolve(undefined);
  started ??= load(env).then((tracing) => {
    current = tracing;
    return tracing;
  });
  return started;
}

/** Flushes and stops tracing if it was started (the CLI calls this before exiting). */
export async function shutdownTracing(): Promise<void> {
  const tracing = await started;
  started = undefined;
  current = undefined;
  await tracing?.shutdown();
}

async function load(env: NodeJS.ProcessEnv): Promise<Tracing> {
  const [api, node, base, exporter, resources, conventions, engineTracing, modelClient] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/semantic-conventions'),
    import('./trace-engine.js'),
    import('./trace-model-client.js'),
  ]);
  const provider = new node.NodeTracerProvider({
    resource: resources.defaultResource().merge(
      resources.resourceFromAttributes({
        [conventions.ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? 'automatosx',
        [conventions.ATTR_SERVICE_VERSION]: env.npm_package_version ?? '0.1.0',
      }),
    ),
    spanProcessors: [new base.BatchSpanProcessor(new exporter.OTLPTraceExporter())],
  });
  provider.register();
  const tracer = api.trace.getTracer('automatosx');
  return {
    tracer,
    createEngineTracing: () => engineTracing.createEngineTracing(tracer),
    instrumentClient: (client, router) => modelClient.traceModelClient(client, router, tracer),
    async shutdown() {
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
    },
  };
}
