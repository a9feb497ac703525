import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ProviderRouter } from '../providers/index.js';
import type { WorkflowStore } from '../store/index.js';
import type { WorkflowEngine } from '../workflows/index.js';

export interface ServerMetricsOptions {
  store: WorkflowStore;
  engine: WorkflowEngine;
  router?: ProviderRouter;
  /** Queue depth and live workers when steps are dispatched to workers (scale-out); absent in-process. */
  queue?: () => Promise<{ depth: number; workers: number }>;
}

export interface ServerMetrics {
  registry: Registry;
  /** Counts one HTTP answer. */
  observeRequest(method: string, route: string, status: number): void;
  /** Counts an open event stream; returns the function that counts it closed. */
  openStream(): () => void;
  /** Counts a command or path refused by the sandbox. */
  sandboxRefusal(kind: string): void;
  /** Counts an execution resumed after its holder died. */
  autoResumed(): void;
}

const breakerValue: Record<string, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Prometheus metrics of one server process (prom-client, its own registry): runs by state from the
 * store (shared by every server), and what this process saw: step durations, provider requests,
 * errors, latency, tokens and cost by provider and model, breaker states, failovers, event streams.
 */
export function createServerMetrics(options: ServerMetricsOptions): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ax_' });
  const registers = [registry];

  new Gauge({
    name: 'ax_runs',
    help: 'Top-level executions in the store, by state',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      for (const [state, count] of Object.entries(await options.store.countExecutionsByState()))
        this.set({ state }, count);
    },
  });
  const stepDuration = new Histogram({
    name: 'ax_step_duration_seconds',
    help: 'Duration of succeeded step attempts run by this process',
    labelNames: ['workflow'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers,
  });
  const steps = new Counter({
    name: 'ax_steps_total',
    help: 'Step outcomes in this process',
    labelNames: ['outcome'],
    registers,
  });
  const workflowOf = new Map<string, string>();
  options.engine.on((event) => {
    if (event.type === 'run-state') {
      if (event.state === 'executing') workflowOf.set(event.executionId, event.workflow);
      else if (event.state !== 'parsing' && event.state !== 'validating')
        workflowOf.delete(event.executionId);
    } else if (event.type === 'step-succeeded') {
      steps.inc({ outcome: 'succeeded' });
      stepDuration.observe(
        { workflow: workflowOf.get(event.executionId) ?? 'unknown' },
        event.durationMs / 1000,
      );
    } else if (event.type === 'step-failed') steps.inc({ outcome: event.willRetry ? 'retried' : 'failed' });
    else if (event.type === 'step-skipped') steps.inc({ outcome: 'skipped' });
  });

  const requests = new Counter({
    name: 'ax_provider_requests_total',
    help: 'Provider attempts by outcome',
    labelNames: ['provider', 'model', 'outcome'],
    registers,
  });
  const errors = new Counter({
    name: 'ax_provider_errors_total',
    help: 'Provider errors by code',
    labelNames: ['provider', 'model', 'code'],
    registers,
  });
  const latency = new Histogram({
    name: 'ax_provider_latency_seconds',
    help: 'Latency of successful provider calls',
    labelNames: ['provider', 'model'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const tokens = new Counter({
    name: 'ax_provider_tokens_total',
    help: 'Tokens by provider, model and direction',
    labelNames: ['provider', 'model', 'direction'],
    registers,
  });
  const cost = new Counter({
    name: 'ax_provider_cost_usd_total',
    help: 'Cost in US dollars by provider and model (simulated answers are priced but not billed)',
    labelNames: ['provider', 'model', 'simulated'],
    registers,
  });
  const failovers = new Counter({
    name: 'ax_provider_failovers_total',
    help: 'Failovers from one provider to another',
    labelNames: ['from', 'to'],
    registers,
  });
  const router = options.router;
  if (router) {
    router.on('success', (event) => {
      const labels = { provider: event.provider, model: event.model };
      requests.inc({ ...labels, outcome: 'success' });
      latency.observe(labels, event.latencyMs / 1000);
      tokens.inc({ ...labels, direction: 'input' }, event.usage.inputTokens);
      tokens.inc({ ...labels, direction: 'output' }, event.usage.outputTokens);
      cost.inc({ ...labels, simulated: String(event.simulated) }, event.costUsd);
    });
    router.on('error', (event) => {
      requests.inc({ provider: event.provider, model: event.model, outcome: 'error' });
      errors.inc({ provider: event.provider, model: event.model, code: event.error.code });
    });
    router.on('fallback', (event) => failovers.inc({ from: event.from, to: event.to }));
    new Gauge({
      name: 'ax_provider_breaker_state',
      help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open',
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        for (const status of router.status())
          if (status.circuit !== undefined)
            this.set({ provider: status.name }, breakerValue[status.circuit] ?? 0);
      },
    });
  }

  if (options.queue) {
    const queue = options.queue;
    let last: Promise<{ depth: number; workers: number }> | undefined;
    const read = () => {
      last ??= queue().finally(() => {
        last = undefined;
      });
      return last;
    };
    new Gauge({
      name: 'ax_queue_depth',
      help: 'Steps waiting in the dispatch queue',
      registers,
      async collect() {
        this.set((await read()).depth);
      },
    });
    new Gauge({
      name: 'ax_workers',
      help: 'Workers taking steps from the queue',
      registers,
      async collect() {
        this.set((await read()).workers);
      },
    });
  }

  const refusals = new Counter({
    name: 'ax_sandbox_refusals_total',
    help: 'Commands and paths the sandbox refused',
    labelNames: ['kind'],
    registers,
  });
  const resumed = new Counter({
    name: 'ax_auto_resumed_total',
    help: 'Executions this server resumed after their holder died',
    registers,
  });
  const http = new Counter({
    name: 'ax_http_requests_total',
    help: 'HTTP answers by route and status',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const streams = new Gauge({ name: 'ax_sse_clients', help: 'Open event streams', registers });

  return {
    registry,
    observeRequest: (method, route, status) => http.inc({ method, route, status: String(status) }),
    openStream() {
      streams.inc();
      let open = true;
      return () => {
        if (open) streams.dec();
        open = false;
      };
    },
    sandboxRefusal: (kind) => refusals.inc({ kind }),
    autoResumed: () => resumed.inc(),
  };
}
