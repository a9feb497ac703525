import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { PermissionMode } from '../../agents/index.js';
import { createElicitationApprover } from './elicitation-approver.js';
import type { McpServerContext } from './mcp-server-context.js';
import { registerAgentTools } from './register-agent-tools.js';
import { registerCodeTools } from './register-code-tools.js';
import { registerMemoryTools } from './register-memory-tools.js';
import { registerResources } from './register-resources.js';
import { registerWorkflowTools } from './register-workflow-tools.js';

/**
 * The AutomatosX MCP server: agents, workflows, code search and memory as tools, and workflow files,
 * agent profiles and execution reports as resources, each a thin call into `context` (the runtime the
 * CLI uses). Connect it to a transport: stdio for `ax mcp`, Streamable HTTP for `ax server`.
 */
export function createAutomatosxMcpServer(context: McpServerContext, version = '0.1.0'): McpServer {
  const server = new McpServer(
    { name: 'automatosx', title: 'AutomatosX', version },
    {
      capabilities: { tools: {}, resources: {} },
      instructions:
        'AutomatosX runs specialised AI agents and durable workflows. Use route_task to pick an agent, run_agent for one task, run_workflow for a workflow file (it returns an execution id; follow it with workflow_status). search_code and find_symbol search the project code index.',
      // Arguments are checked by each tool's zod schema; this only stops absurdly large payloads.
      maxToolInputElements: 10_000,
    },
  );
  if (context.permissions === PermissionMode.ask) context.approver = createElicitationApprover(server);
  registerAgentTools(server, context);
  registerWorkflowTools(server, context);
  registerCodeTools(server, context);
  registerMemoryTools(server, context);
  registerResources(server, context);
  return server;
}
