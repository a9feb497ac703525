import { describe, expect, it } from 'vitest';
import { parseWorkflow } from './parse-workflow.js';
import { renderMermaid, renderTextGraph } from './render-graph.js';

const definition = parseWorkflow(
  [
    'name: release',
    'steps:',
    '  - key: build',
    '    run: make',
    '  - key: unit-test',
    '    dependsOn: build',
    '    run: make test',
    '  - key: sign-off',
    '    dependsOn: [build]',
    '    approval: Ship it?',
    '  - key: publish',
    '    dependsOn: [unit-test, sign-off]',
    "    if: steps.unit-test.status == 'succeeded'",
    '    workflow: publish.yaml',
  ].join('\n'),
  'release.yaml',
  { stepKinds: ['run', 'approval', 'workflow'] },
);

describe('renderMermaid', () => {
  it('draws one node per step and an edge from each dependency', () => {
    expect(renderMermaid(definition)).toBe(
      [
        'graph TD',
        '  s0["build (run)"]',
        '  s1["unit-test (run)"]',
        '  s2{{"sign-off (approval)"}}',
        '  s3[["publish (workflow publish.yaml)"]]',
        '  s0 --> s1',
        '  s0 --> s2',
        '  s1 -->|if| s3',
        '  s2 -->|if| s3',
        '',
      ].join('\n'),
    );
  });
});

describe('renderTextGraph', () => {
  it('lists levels with each step, its kind, what it waits for and its condition', () => {
    expect(renderTextGraph(definition)).toBe(
      [
        'release: 4 steps in 3 levels',
        'level 1',
        '  build      run',
        'level 2',
        '  unit-test  run                    ← build',
        '  sign-off   approval               ← build',
        'level 3',
        "  publish    workflow publish.yaml  ← unit-test, sign-off  if steps.unit-test.status == 'succeeded'",
        '',
      ].join('\n'),
    );
  });
});
