import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config.js';

describe('mcpServers in automatosx.config.json', () => {
  it('takes entries as Claude Code and Claude Desktop write them, extra fields included', () => {
    const config = parseConfig(
      JSON.stringify({
        mcpServers: {
          github: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: '${GITHUB_PAT}' },
            autoApprove: ['get_issue'],
          },
          linear: { type: 'http', url: 'https://mcp.linear.app/mcp', headers: { Authorization: 'Bearer x' } },
          old: { type: 'sse', url: 'https://example.com/sse', disabled: true },
        },
      }),
      'automatosx.config.json',
    );
    expect(config.mcpServers.github).toMatchObject({ command: 'npx', disabled: false });
    expect(config.mcpServers.linear).toMatchObject({
      url: 'https://mcp.linear.app/mcp',
      headers: { Authorization: 'Bearer x' },
    });
    expect(config.mcpServers.old).toMatchObject({ type: 'sse', disabled: true });
  });

  it('says what an entry needs, and which names are valid', () => {
    expect(() => parseConfig('{"mcpServers":{"x":{"comand":"npx"}}}', 'c.json')).toThrow(
      /mcpServers\.x: an MCP server needs either "command" .* or "url"/,
    );
    expect(() => parseConfig('{"mcpServers":{"a b":{"command":"npx"}}}', 'c.json')).toThrow(
      /"a b" is not a valid MCP server name/,
    );
  });
});
