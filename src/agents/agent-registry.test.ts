import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProfileError, UnknownAgentError } from './agent-profile-error.js';
import { bundledAgentsDirectory, loadAgentRegistry, registryFromYaml } from './agent-registry.js';

const required = [
  'backend',
  'frontend',
  'devops',
  'security',
  'quality',
  'performance',
  'testing',
  'architect',
  'api',
  'database',
  'data',
  'data-science',
  'mobile',
  'infrastructure',
  'standards',
  'product',
  'cto',
  'ceo',
  'writer',
  'researcher',
  'design',
];

function minimalProfile(name: string, extra = ''): string {
  return `name: ${name}
displayName: ${name} agent
role: test role
team: engineering
description: an agent for tests
systemPrompt: |
  ${'You are a careful specialist who reads before writing and checks every claim. '.repeat(4)}
specializations: [testing]
capabilities:
  - name: Things
    confidence: 0.5
    keywords: [thing]
${extra}`;
}

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AgentProfileError);
    return (error as AgentProfileError).issues.map(
      (i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.message}`,
    );
  }
  throw new Error('expected the profile to be rejected');
}

describe('bundled agents', () => {
  const registry = loadAgentRegistry({ projectDirectory: mkdtempSync(join(tmpdir(), 'ax-empty-')) });

  it('ships at least the 21 named agents, each with a substantial system prompt', () => {
    expect(registry.names()).toEqual(expect.arrayContaining(required));
    for (const agent of registry.list()) {
      expect(agent.systemPrompt.split(/\n\s*\n/).length, agent.name).toBeGreaterThanOrEqual(3);
      expect(agent.systemPrompt.length, agent.name).toBeGreaterThan(1200);
      expect(agent.capabilities.length, agent.name).toBeGreaterThanOrEqual(3);
    }
  });

  it('matches the issue example for backend', () => {
    const backend = registry.get('backend');
    expect(backend.specializations).toEqual(
      expect.arrayContaining(['node.js', 'express', 'fastify', 'nest.js', 'rest-api', 'graphql']),
    );
    const confidence = Object.fromEntries(backend.capabilities.map((c) => [c.name, c.confidence]));
    expect(confidence).toMatchObject({
      'API Development': 0.95,
      'Database Design': 0.9,
      Microservices: 0.85,
    });
  });

  it('finds agents by alias and suggests the nearest names for typos', () => {
    expect(registry.get('architecture').name).toBe('architect');
    expect(registry.get('DB').name).toBe('database');
    expect(() => registry.get('secruity')).toThrow(UnknownAgentError);
    expect(() => registry.get('secruity')).toThrow(/did you mean security/);
  });

  it('is found from the package folder, not the working directory', () => {
    expect(readFileSync(join(bundledAgentsDirectory, 'backend.yaml'), 'utf8')).toContain('name: backend');
  });
});

describe('user profiles', () => {
  it('add agents and override bundled ones by name', () => {
    const project = mkdtempSync(join(tmpdir(), 'ax-project-'));
    mkdirSync(join(project, '.automatosx', 'agents'), { recursive: true });
    writeFileSync(join(project, '.automatosx', 'agents', 'backend.yaml'), minimalProfile('backend'));
    writeFileSync(
      join(project, '.automatosx', 'agents', 'lawyer.yaml'),
      minimalProfile('lawyer', 'aliases: [legal]'),
    );
    const registry = loadAgentRegistry({ projectDirectory: project });
    expect(registry.get('backend').displayName).toBe('backend agent');
    expect(registry.sourceOf('backend').origin).toBe('user');
    expect(registry.get('legal').name).toBe('lawyer');
  });

  it('report a bad file with its path and line', () => {
    const project = mkdtempSync(join(tmpdir(), 'ax-project-'));
    mkdirSync(join(project, '.automatosx', 'agents'), { recursive: true });
    writeFileSync(
      join(project, '.automatosx', 'agents', 'bad.yaml'),
      minimalProfile('bad').replace('0.5', '1.5'),
    );
    const issues = issuesOf(() => loadAgentRegistry({ projectDirectory: project, strict: true }));
    expect(issues).toEqual([
      expect.stringMatching(/bad\.yaml:11:17 capabilities\[0\]\.confidence .*between 0 and 1/),
    ]);
    // Not strict (what commands use): the bad profile is skipped, listed with its place, the rest load.
    const tolerant = loadAgentRegistry({ projectDirectory: project });
    expect(tolerant.find('backend')).toBeDefined();
    expect(tolerant.find('bad')).toBeUndefined();
    expect(tolerant.skipped.map((issue) => `${issue.line}:${issue.column}`)).toEqual(['11:17']);
  });
});

describe('bad profiles', () => {
  it('name each missing field', () => {
    const issues = issuesOf(() => registryFromYaml({ 'a.yaml': 'name: a\nteam: engineering\n' }));
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a\.yaml:1:1 displayName is required/),
        expect.stringMatching(/systemPrompt is required/),
        expect.stringMatching(/capabilities is required/),
      ]),
    );
  });

  it('reject an unknown tool and say which tools exist', () => {
    const issues = issuesOf(() =>
      registryFromYaml({ 'a.yaml': minimalProfile('a', 'tools: [bash, telepathy]') }),
    );
    expect(issues).toEqual([
      expect.stringMatching(
        /a\.yaml:13:15 tools\[1\] unknown tool "telepathy"; the tools are bash, file, web, delegate, code-intelligence, memory/,
      ),
    ]);
  });

  it('reject YAML syntax errors with a position', () => {
    const issues = issuesOf(() => registryFromYaml({ 'a.yaml': 'name: a\n  bad: [unclosed\n' }));
    expect(issues[0]).toMatch(/^a\.yaml:\d+:\d+ /);
  });

  it('reject unknown fields', () => {
    const issues = issuesOf(() => registryFromYaml({ 'a.yaml': minimalProfile('a', 'temprature: 0.3') }));
    expect(issues).toEqual([expect.stringMatching(/unknown field "temprature"/)]);
  });

  it('reject duplicate names and aliases across files', () => {
    const issues = issuesOf(() =>
      registryFromYaml({
        'a.yaml': minimalProfile('a', 'aliases: [shared]'),
        'a2.yaml': minimalProfile('a'),
        'b.yaml': minimalProfile('b', 'aliases: [shared]'),
        'c.yaml': minimalProfile('c', 'aliases: [a]'),
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/a2\.yaml.*duplicate agent name "a", also defined in a\.yaml/),
        expect.stringMatching(
          /b\.yaml:13:\d+ aliases\[0\] alias "shared" is already the name or an alias of agent "a"/,
        ),
        expect.stringMatching(/c\.yaml.*alias "a" is already the name or an alias of agent "a"/),
      ]),
    );
  });

  it('reject delegation to an agent that does not exist', () => {
    const issues = issuesOf(() =>
      registryFromYaml({
        'a.yaml': minimalProfile('a', 'canDelegateTo: [bb]'),
        'b.yaml': minimalProfile('b'),
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/names unknown agent "bb"; did you mean b/)]);
    expect(issues[0]).toMatch(/^a\.yaml:13:\d+ canDelegateTo\[0\]/);
  });
});
