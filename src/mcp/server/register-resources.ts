import { readFileSync } from 'node:fs';
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InvalidInputError } from '../../errors/index.js';
import { executionReport, executionUri } from './execution-report.js';
import type { McpServerContext } from './mcp-server-context.js';
import { listWorkflowFiles } from './workflow-files.js';

/**
 * Resources: each workflow file and agent profile as its YAML text, and each execution's report
 * (`automatosx://executions/{id}`: state, steps, outputs, usage, last events) as JSON.
 */
export function registerResources(server: McpServer, context: McpServerContext): void {
  server.registerResource(
    'workflow',
    new ResourceTemplate('automatosx://workflows/{name}', {
      list: () => ({
        resources: listWorkflowFiles(context).map((entry) => ({
          uri: `automatosx://workflows/${entry.name}`,
          name: entry.name,
          description: `${entry.origin === 'bundled' ? 'bundled sample' : 'project workflow'} ${entry.file}`,
          mimeType: mimeTypeOf(entry.file),
        })),
      }),
    }),
    { title: 'Workflow file', description: 'A workflow definition (YAML or JSON)' },
    (uri, { name }) => {
      const entry = listWorkflowFiles(context).find((candidate) => candidate.name === String(name));
      if (!entry) throw new InvalidInputError(`no workflow '${String(name)}' (see list_workflows)`);
      return {
        contents: [
          { uri: uri.href, mimeType: mimeTypeOf(entry.file), text: readFileSync(entry.file, 'utf8') },
        ],
      };
    },
  );

  server.registerResource(
    'agent',
    new ResourceTemplate('automatosx://agents/{name}', {
      list: () => ({
        resources: context
          .registry()
          .list()
          .map((profile) => ({
            uri: `automatosx://agents/${profile.name}`,
            name: profile.name,
            description: profile.role,
            mimeType: 'application/yaml',
          })),
      }),
    }),
    { title: 'Agent profile', description: "An agent's profile: role, capabilities, tools, system prompt" },
    (uri, { name }) => {
      const entry = context.registry().sourceOf(String(name));
      return {
        contents: [{ uri: uri.href, mimeType: 'application/yaml', text: readFileSync(entry.file, 'utf8') }],
      };
    },
  );

  server.registerResource(
    'execution',
    new ResourceTemplate('automatosx://executions/{id}', {
      list: async () => ({
        resources: (await context.store.listExecutions({ limit: 20 })).map((execution) => ({
          uri: executionUri(execution.id),
          name: execution.id,
          description: `${execution.workflowName}: ${execution.state}`,
          mimeType: 'application/json',
        })),
      }),
    }),
    {
      title: 'Execution report',
      description: "A workflow execution's state, steps, outputs, usage and last events",
      mimeType: 'application/json',
    },
    async (uri, { id }) => {
      const report = await executionReport(context, decodeURIComponent(String(id)));
      return {
        contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(report, null, 2) }],
      };
    },
  );
}

function mimeTypeOf(file: string): string {
  return file.endsWith('.json') ? 'application/json' : 'application/yaml';
}
