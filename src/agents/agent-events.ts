import type { RouterEvent, TokenUsage } from '../providers/index.js';
import type { OutputIssue } from '../structured-output/index.js';

/** What a run reports while it works; delegated runs report through the same callback with their own runId. */
export type AgentEvent =
  | { type: 'run-start'; runId: string; parentRunId: string | undefined; agent: string; task: string }
  | { type: 'text-delta'; runId: string; agent: string; text: string }
  /** The router retried, waited, failed over or saw a breaker change while serving this agent. */
  | { type: 'provider-event'; runId: string; agent: string; event: RouterEvent; text: string }
  /** The provider restarted an interrupted stream elsewhere: text shown since the last step began is void. */
  | { type: 'text-restart'; runId: string; agent: string; discardedText: string; toProvider: string }
  | { type: 'tool-call'; runId: string; agent: string; toolCallId: string; toolName: string; input: unknown }
  | {
      type: 'tool-result';
      runId: string;
      agent: string;
      toolCallId: string;
      toolName: string;
      output?: unknown;
      error?: string;
      errorCode?: string;
      durationMs: number;
    }
  | {
      type: 'step-finish';
      runId: string;
      agent: string;
      step: number;
      provider: string;
      model: string;
      simulated: boolean;
      usage: TokenUsage;
    }
  /** Memories from earlier runs were put into the agent's context (ids of the entries). */
  | { type: 'memory-recalled'; runId: string; agent: string; entries: number[]; estimatedTokens: number }
  /** The run's outcome could not be written to memory; the run's own result stands. */
  | { type: 'memory-error'; runId: string; agent: string; error: string }
  /** `--no-sandbox`: this run's shell commands are not confined. Shown loudly wherever events are shown. */
  | { type: 'sandbox-disabled'; runId: string; agent: string; warning: string }
  /** The structured answer did not match the output schema; the model is asked once to repair it. */
  | { type: 'output-repair'; runId: string; agent: string; issues: OutputIssue[] }
  | { type: 'run-finish'; runId: string; agent: string; durationMs: number }
  | { type: 'run-error'; runId: string; agent: string; error: string };

export type AgentEventListener = (event: AgentEvent) => void;
