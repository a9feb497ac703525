import type { ModelMessage } from 'ai';
import { AutomatosxError } from '../errors/index.js';
import type { ModelToolCall } from '../providers/index.js';
import { redactString, redactStrings } from '../secrets/index.js';
import type { AgentToolCallRecord } from './agent-run-store.js';
import type { AgentTool } from './tools/agent-tools.js';

export type ToolEvent =
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: unknown }
  | {
      type: 'tool-result';
      toolCallId: string;
      toolName: string;
      output?: unknown;
      error?: string;
      /** The refusal's stable code when a tool refused (`sandbox-violation`, `permission-denied`, …). */
      errorCode?: string;
      durationMs: number;
    };

/**
 * Runs one tool call the model asked for: an unknown tool or an input that fails the tool's schema
 * becomes an error result for the model to correct, as does a tool's own failure. Only cancellation
 * propagates.
 */
export async function executeToolCall(
  tools: readonly AgentTool[],
  call: ModelToolCall,
  messages: ModelMessage[],
  signal: AbortSignal | undefined,
  emit: (event: ToolEvent) => void,
): Promise<AgentToolCallRecord> {
  const started = performance.now();
  const base = { toolCallId: call.toolCallId, toolName: call.toolName, input: call.input };
  emit({ type: 'tool-call', ...base });
  // Tool results go to the model (a provider), the run's events and its record: secrets never do.
  const done = (result: { output: unknown } | { error: string }, errorCode?: string): AgentToolCallRecord => {
    const outcome =
      'error' in result ? { error: redactString(result.error) } : { output: redactStrings(result.output) };
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    emit({
      type: 'tool-result',
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      ...outcome,
      ...(errorCode === undefined ? {} : { errorCode }),
      durationMs,
    });
    return { ...base, ...outcome, durationMs };
  };
  const agentTool = tools.find((candidate) => candidate.name === call.toolName);
  if (!agentTool?.tool.execute) {
    const names = tools.map((t) => t.name).join(', ') || 'none';
    return done({ error: `unknown tool "${call.toolName}"; the tools in this run are: ${names}` });
  }
  const parsed = agentTool.inputSchema.safeParse(call.input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
    );
    return done({ error: `invalid input for ${call.toolName}: ${problems.join('; ')}` });
  }
  try {
    const output: unknown = await agentTool.tool.execute(parsed.data, {
      toolCallId: call.toolCallId,
      messages,
      context: {},
      ...(signal ? { abortSignal: signal } : {}),
    });
    return done({ output });
  } catch (error) {
    if (signal?.aborted) throw error;
    return done(
      { error: error instanceof Error ? error.message : String(error) },
      AutomatosxError.isInstance(error) ? error.code : undefined,
    );
  }
}
