import { loadConfig } from '../config/index.js';
import { createMcpClientPool, type McpClientPool } from './mcp-client-pool.js';

/**
 * The pool for one run from `mcpServers` of the project's `automatosx.config.json`, or undefined when
 * none are configured. Nothing starts until an agent that lists `mcp` entries runs.
 */
export function createConfiguredMcpPool(
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): McpClientPool | undefined {
  const cwd = options.cwd ?? process.cwd();
  const { config } = loadConfig({ cwd });
  if (Object.keys(config.mcpServers).length === 0) return undefined;
  return createMcpClientPool({ servers: config.mcpServers, cwd, env: options.env ?? process.env });
}
