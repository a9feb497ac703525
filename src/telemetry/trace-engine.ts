import { context, type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { StepExecutor, WorkflowEngine, WorkflowEvent } from '../workflows/index.js';

export interface EngineTracing {
  /** Wraps an executor so that what it does (agent turns, provider calls) is inside its step's span. */
  wrapExecutor(executor: StepExecutor): StepExecutor;
  /** Starts following the engine's events. */
  attach(engine: WorkflowEngine): void;
}

const terminal = new Set(['completed', 'failed', 'paused', 'cancelled']);

/**
 * A span per run (`workflow <name>`) and per step attempt (`step <key>`) from the engine's events:
 * the step span is the parent of everything its executor does while it runs.
 */
export function createEngineTracing(tracer: Tracer): EngineTracing {
  const runs = new Map<string, Span>();
  const steps = new Map<string, Span>();
  const runSpan = (executionId: string): Span | undefined => {
    const parent = executionId.includes('/') ? steps.get(executionId) : undefined;
    return runs.get(executionId) ?? parent;
  };
  const follow = (event: WorkflowEvent) => {
    switch (event.type) {
      case 'run-state': {
        if (event.state === 'executing' && !runs.has(event.executionId)) {
          // A sub-workflow's run is a child of the step that started it (`parent/step`).
          const parentStep = steps.get(event.executionId);
          const parent = parentStep ? trace.setSpan(context.active(), parentStep) : context.active();
          runs.set(
            event.executionId,
            tracer.startSpan(
              `workflow ${event.workflow}`,
              {
                attributes: {
                  'automatosx.execution.id': event.executionId,
                  'automatosx.workflow.name': event.workflow,
                  'automatosx.run.resumed': event.resumed ?? false,
                },
              },
              parent,
            ),
          );
        } else if (terminal.has(event.state)) {
          const span = runs.get(event.executionId);
          if (!span) return;
          span.setAttribute('automatosx.run.state', event.state);
          if (event.state === 'failed')
            span.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? 'failed' });
          span.end();
          runs.delete(event.executionId);
        }
        return;
      }
      case 'step-started': {
        const parent = runSpan(event.executionId);
        const span = tracer.startSpan(
          `step ${event.key}`,
          {
            attributes: {
              'automatosx.execution.id': event.executionId,
              'automatosx.step.key': event.key,
              'automatosx.step.attempt': event.attempt,
            },
          },
          parent ? trace.setSpan(context.active(), parent) : context.active(),
        );
        steps.get(`${event.executionId}/${event.key}`)?.end();
        steps.set(`${event.executionId}/${event.key}`, span);
        return;
      }
      case 'step-succeeded':
      case 'step-failed':
      case 'step-interrupted':
      case 'step-cancelled': {
        const id = `${event.executionId}/${event.key}`;
        const span = steps.get(id);
        if (!span) return;
        if (event.type === 'step-failed') {
          span.setStatus({ code: SpanStatusCode.ERROR, message: event.error });
          if (event.willRetry)
            span.addEvent('retry scheduled', { 'automatosx.retry_in_ms': event.retryInMs ?? 0 });
        } else if (event.type !== 'step-succeeded') span.setAttribute('automatosx.step.outcome', event.type);
        span.end();
        steps.delete(id);
        return;
      }
      default:
        return;
    }
  };
  return {
    attach: (engine) => void engine.on(follow),
    wrapExecutor: (executor) => ({
      execute(stepContext) {
        const span = steps.get(`${stepContext.executionId}/${stepContext.key}`);
        if (!span) return executor.execute(stepContext);
        return context.with(trace.setSpan(context.active(), span), () => executor.execute(stepContext));
      },
    }),
  };
}
