import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolOutput } from '../agents/index.js';

/**
 * What the model gets from an MCP tool result: the text blocks as text, the structured content as
 * JSON, and a line for each block it cannot read (images, audio, binary resources) instead of
 * kilobytes of base64.
 */
export function mcpToolOutput(result: CallToolResult): McpToolOutput {
  const parts = (result.content ?? []).map((block) => {
    switch (block.type) {
      case 'text':
        return block.text;
      case 'image':
      case 'audio':
        return `[${block.type} ${block.mimeType}, ${Math.round((block.data.length * 3) / 4)} bytes, not shown]`;
      case 'resource_link':
        return `[resource ${block.uri}${block.name ? ` (${block.name})` : ''}]`;
      case 'resource':
        return 'text' in block.resource
          ? block.resource.text
          : `[resource ${block.resource.uri}, binary${block.resource.mimeType ? ` ${block.resource.mimeType}` : ''}, not shown]`;
      default:
        return '[content of an unknown type, not shown]';
    }
  });
  return {
    text: parts.join('\n'),
    ...(result.structuredContent === undefined ? {} : { structured: result.structuredContent }),
    isError: result.isError === true,
  };
}
