import { describe, expect, it } from 'vitest';
import { registryFromYaml } from './agent-registry.js';
import { TaskRouter } from './task-router.js';
import { phraseKey, tokenize } from './task-tokens.js';

function profile(name: string, keywords: string[], extra = ''): string {
  return `name: ${name}
displayName: ${name}
role: role
team: engineering
description: agent for tests
systemPrompt: '${'A specialist prompt long enough to pass validation. '.repeat(5)}'
specializations: [${name}-work]
capabilities:
  - name: Main
    confidence: 0.9
    keywords: [${keywords.join(', ')}]
${extra}`;
}

describe('task tokens', () => {
  it('fold punctuation inside names and stem common suffixes', () => {
    expect(tokenize('Node.js vs NodeJS, CI/CD and cicd')).toEqual([
      'nodej',
      'vs',
      'nodej',
      'cicd',
      'and',
      'cicd',
    ]);
    expect(phraseKey('running tests')).toBe(phraseKey('run test'.replace('run', 'running')));
    expect(tokenize('tests testing tested')).toEqual(['test', 'test', 'test']);
    expect(tokenize('end-to-end')).toEqual(['end', 'to', 'end']);
  });
});

describe('TaskRouter', () => {
  const registry = registryFromYaml({
    'a.yaml': profile('alpha', ['sql injection', 'xss']),
    'b.yaml': profile('beta', ['sql', 'index', 'query']),
    'c.yaml': profile('gamma', ['roadmap'], 'aliases: [g]'),
  });
  const router = new TaskRouter(registry.list());

  it('prefers the longest phrase: "sql injection" is one term, not "sql" plus "injection"', () => {
    const result = router.route('Check the search form for SQL injection');
    expect(result.best).toBe('alpha');
    expect(result.matches.map((m) => m.agent)).toEqual(['alpha']);
    expect(result.matches[0]!.reasons).toEqual([
      expect.objectContaining({ term: 'sql injection', source: 'capability', label: 'Main (0.9)' }),
    ]);
  });

  it('ranks by summed evidence and explains each match', () => {
    const result = router.route('slow sql query needs an index');
    expect(result.best).toBe('beta');
    expect(result.matches[0]!.reasons.map((r) => r.term).sort()).toEqual(['index', 'query', 'sql']);
    expect(result.matches[0]!.confidence).toBeGreaterThan(0);
    expect(result.matches[0]!.confidence).toBeLessThan(1);
  });

  it('returns no match, not a fallback guess, when nothing in the task is known', () => {
    expect(router.route('bake a chocolate cake')).toEqual({
      task: 'bake a chocolate cake',
      matches: [],
      best: undefined,
    });
    expect(router.best('bake a chocolate cake')).toBeUndefined();
  });

  it('counts the agent name and aliases', () => {
    expect(router.best('ask g about it')).toBe('gamma');
  });

  it('gives the same answer on the fast path as with reasons', () => {
    for (const task of ['sql index', 'xss in the roadmap page', 'query the roadmap']) {
      expect(router.best(task)).toBe(router.route(task).best);
    }
  });
});
