import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * A tool result with structured content (checked by the SDK against the tool's output schema) and the
 * same data as text for clients that only read text; `summary` leads the text when given.
 */
export function toolResult(value: Record<string, unknown>, summary?: string): CallToolResult {
  const json = JSON.stringify(value, null, 2);
  return {
    content: [{ type: 'text', text: summary === undefined ? json : `${summary}\n\n${json}` }],
    structuredContent: value,
  };
}
