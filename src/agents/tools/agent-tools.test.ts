import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asSchema } from 'ai';
import { describe, expect, it } from 'vitest';
import { registryFromYaml } from '../agent-registry.js';
import { createAgentTools, toolDefinitions } from './agent-tools.js';
import { PermissionMode, PermissionPolicy } from './permission-policy.js';
import { defaultToolLimits, type ToolContext } from './tool-context.js';
import { Workspace } from './workspace.js';

const profile = registryFromYaml({
  'worker.yaml': `name: worker
displayName: Worker
role: test worker
team: engineering
description: works
systemPrompt: '${'You are a worker agent that reads files and reports what it found, carefully. '.repeat(3)}'
specializations: [work]
capabilities:
  - name: Work
    confidence: 0.9
    keywords: [work]
tools: [file, bash]
`,
}).get('worker');

const contextOf = (runId: string): ToolContext => ({
  agent: profile.name,
  workspace: new Workspace(mkdtempSync(join(tmpdir(), 'ax-tools-'))),
  permissions: new PermissionPolicy(PermissionMode.readOnly),
  limits: defaultToolLimits,
  task: 'work',
  runId,
});

describe('toolDefinitions', () => {
  it('gives every run the same schema object per tool, so each step in flight keeps no JSON Schema copy', async () => {
    const first = toolDefinitions(createAgentTools(profile, contextOf('run-1')));
    const second = toolDefinitions(createAgentTools(profile, contextOf('run-2')));
    for (const name of ['file', 'bash']) {
      expect(second[name]?.inputSchema).toBe(first[name]?.inputSchema);
      const schema = asSchema(first[name]?.inputSchema);
      expect(await schema.jsonSchema).toBe(await asSchema(second[name]?.inputSchema).jsonSchema);
      expect(await schema.jsonSchema).toMatchObject({ type: 'object' });
    }
  });
});
