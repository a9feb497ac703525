import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type Approver, PermissionDeniedError } from '../../agents/index.js';

/**
 * In `ask` mode the person to ask is the MCP client's user: the server asks through MCP elicitation
 * (a yes/no form in Claude Code and other clients that support it). A client without elicitation
 * cannot ask, so the action is refused with how to allow it instead.
 */
export function createElicitationApprover(server: McpServer): Approver {
  return async (request) => {
    if (!server.server.getClientCapabilities()?.elicitation) {
      throw new PermissionDeniedError(
        `${request.tool}: "${request.summary}" needs approval, and this MCP client cannot ask its user (no elicitation support); start ax mcp with --permissions auto to allow it`,
      );
    }
    const answer = await server.server.elicitInput({
      message: `AutomatosX (agent ${request.agent}, ${request.tool}) wants to: ${request.summary}. Allow it?`,
      requestedSchema: {
        type: 'object',
        properties: { allow: { type: 'boolean', title: 'Allow', description: 'yes runs it once' } },
        required: ['allow'],
      },
    });
    return answer.action === 'accept' && answer.content?.allow === true;
  };
}
