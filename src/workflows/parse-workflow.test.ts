// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow expressions are written ${{ … }}, not JavaScript template placeholders
import { describe, expect, it } from 'vitest';
import { parseWorkflow, parseWorkflowUncached, type ValidateOptions } from './parse-workflow.js';
import { type ValidationIssue, WorkflowValidationError } from './workflow-validation-error.js';

const options: ValidateOptions = { stepKinds: ['run', 'approval', 'workflow'] };

/** The issues a source produces, as `line:column message` strings for compact, exact assertions. */
function issuesOf(
  source: string,
  file = 'flow.yaml',
  validate: ValidateOptions = options,
): ValidationIssue[] {
  try {
    parseWorkflow(source, file, validate);
  } catch (error) {
    if (error instanceof WorkflowValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the workflow to be refused');
}

function located(source: string, file?: string, validate?: ValidateOptions): string[] {
  return issuesOf(source, file, validate).map((issue) => `${issue.line}:${issue.column} ${issue.message}`);
}

/** Builds a workflow file from lines, so line numbers in the assertions can be read off the array. */
const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('parseWorkflow: valid files', () => {
  it('returns the definition with schema defaults applied', () => {
    const definition = parseWorkflow(
      lines(
        'name: hello',
        'inputs:',
        '  who: {}',
        'steps:',
        '  - key: greet',
        '    run: echo hello ${{ inputs.who }}',
        '  - key: after',
        '    dependsOn: greet',
        "    if: steps.greet.status == 'succeeded'",
        '    run: echo ${{ steps.greet.output }}',
      ),
      'hello.yaml',
      options,
    );
    expect(definition.name).toBe('hello');
    expect(definition.inputs?.who?.type).toBe('string');
    expect(definition.steps.map((step) => step.key)).toEqual(['greet', 'after']);
  });

  it('reads JSON, by extension or by content', () => {
    const json = JSON.stringify({ name: 'j', steps: [{ key: 'a', run: 'echo a' }] });
    expect(parseWorkflow(json, 'flow.json', options).steps[0]?.key).toBe('a');
    expect(parseWorkflow(json, 'flow.workflow', options).name).toBe('j');
  });

  it('accepts YAML in a .json file (JSON is YAML)', () => {
    expect(parseWorkflow(lines('name: y', 'steps: [{key: a, run: echo}]'), 'flow.json', options).name).toBe(
      'y',
    );
  });
});

describe('parseWorkflow: syntax', () => {
  it('reports YAML syntax errors with their position', () => {
    const issues = issuesOf(lines('name: bad', 'steps:', '  - key: a', '    run: [echo, a', '  - key: b'));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ file: 'flow.yaml', line: 5, column: 3 });
    expect(issues[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('reports a key indented one space too far at its own line, with a hint about indentation', () => {
    const source = lines(
      'name: two-steps',
      'steps:',
      '  - key: one',
      '    run: echo one',
      '  - key: two',
      '    run: echo two',
      '     dependsOn: [one]',
    );
    expect(located(source)).toEqual([
      "7:6 YAML syntax: 'dependsOn:' is indented 5 spaces, deeper than 'run:' on line 6 (4), so YAML reads it as part of that value; indentation matters in YAML: line it up with 'run:'",
    ]);
  });

  it('reports a repeated mapping key', () => {
    expect(located(lines('name: a', 'name: b', 'steps: [{key: a, run: x}]'))).toEqual([
      '2:1 YAML syntax: Map keys must be unique',
    ]);
  });

  it('reports JSON syntax errors with their position', () => {
    const issues = issuesOf(
      '{\n  "name": "x",\n  "steps": [\n    {"key": "a" "run": "x"}\n  ]\n}\n',
      'flow.json',
    );
    expect(issues[0]).toMatchObject({ file: 'flow.json', line: 4 });
  });

  it('refuses an empty file', () => {
    expect(located('# nothing\n')).toEqual([
      '1:1 the file is empty; a workflow needs at least name and steps',
    ]);
  });

  it('puts every issue in the error message as file:line:column', () => {
    try {
      parseWorkflow(
        lines('name: x', 'steps:', '  - key: a', '    dependsOn: b', '    run: x'),
        'dir/x.yaml',
        options,
      );
      expect.unreachable();
    } catch (error) {
      expect((error as WorkflowValidationError).code).toBe('workflow-invalid');
      expect((error as Error).message).toContain(
        "dir/x.yaml:4:16: step 'a' depends on 'b', which is not a step",
      );
    }
  });
});

describe('parseWorkflow: schema', () => {
  it('names an unknown field with the nearest valid one, at the field', () => {
    expect(
      located(lines('name: x', 'steps:', '  - key: build', '    run: make', '    dependOn: lint')),
    ).toEqual(["5:5 unknown field 'dependOn' in step 'build' — did you mean 'dependsOn'?"]);
  });

  it('names unknown nested and top-level fields', () => {
    expect(
      located(
        lines(
          'name: x',
          'descripton: y',
          'steps:',
          '  - key: a',
          '    run:',
          '      command: make',
          '      cwdir: /tmp',
        ),
      ),
    ).toEqual([
      "2:1 unknown field 'descripton' at the top level — did you mean 'description'?",
      "7:7 unknown field 'run.cwdir' in step 'a' — did you mean 'cwd'?",
    ]);
  });

  it('reports wrong types, bad values and missing fields where they are', () => {
    expect(
      located(
        lines(
          'steps:',
          '  - key: 1build',
          '    run: make',
          '    timeout: soon',
          '    retry:',
          '      attempts: 0',
          '    permissions: root',
          '    continueOnError: maybe',
        ),
      ),
    ).toEqual([
      "1:1 missing required field 'name' at the top level",
      "2:10 key in step '1build': a step key starts with a letter and has letters, digits, - or _ (got '1build')",
      "4:14 timeout in step '1build': expected milliseconds, or a duration such as 500ms, 30s, 5m, 1h, got 'soon'",
      "6:17 retry.attempts in step '1build': must be at least 1, got number 0",
      `7:18 permissions in step '1build': expected one of "read-only", "ask", "auto", got 'root'`,
      "8:22 continueOnError in step '1build': expected boolean, got 'maybe'",
    ]);
  });

  it('requires at least one step', () => {
    expect(located(lines('name: x', 'steps: []'))).toEqual([
      '2:8 steps at the top level: needs at least one entry',
    ]);
  });
});

describe('parseWorkflow: steps and dependencies', () => {
  it('reports a duplicate key with both lines', () => {
    expect(
      located(lines('name: x', 'steps:', '  - key: a', '    run: x', '  - key: a', '    run: y')),
    ).toEqual(["5:10 duplicate step key 'a': used at lines 3 and 5; step keys must be unique"]);
  });

  it('reports unknown dependencies with the nearest key, in either dependsOn form', () => {
    expect(
      located(
        lines(
          'name: x',
          'steps:',
          '  - key: build',
          '    run: make',
          '  - key: test',
          '    dependsOn: biuld',
          '    run: make test',
          '  - key: ship',
          '    dependsOn: [test, zzz]',
          '    run: make ship',
        ),
      ),
    ).toEqual([
      "6:16 step 'test' depends on 'biuld', which is not a step — did you mean 'build'?",
      "9:23 step 'ship' depends on 'zzz', which is not a step; steps are: build, test, ship",
    ]);
  });

  it('reports a cycle with its path, at the dependency that closes it', () => {
    expect(
      located(
        lines(
          'name: x',
          'steps:',
          '  - key: a',
          '    dependsOn: [c]',
          '    run: x',
          '  - key: b',
          '    dependsOn: [a]',
          '    run: x',
          '  - key: c',
          '    dependsOn: [b]',
          '    run: x',
        ),
      ),
    ).toEqual([
      '4:17 dependency cycle: a → b → c → a (each step depends on the one before it); remove one of these dependsOn entries',
    ]);
  });

  it('reports a step that depends on itself', () => {
    expect(located(lines('name: x', 'steps:', '  - key: a', '    dependsOn: a', '    run: x'))).toEqual([
      "4:16 step 'a' depends on itself; remove 'a' from its dependsOn",
    ]);
  });
});

describe('parseWorkflow: step kinds', () => {
  it('refuses a step with no kind and one with two', () => {
    expect(
      located(
        lines('name: x', 'steps:', '  - key: idle', '  - key: both', '    run: x', '    approval: true'),
      ),
    ).toEqual([
      "3:5 step 'idle' does nothing: give it one of run, approval, workflow, agent (or action) or prompt",
      "6:5 step 'both' has more than one kind (run and approval); a step does one thing — split it into several steps",
    ]);
  });

  it('refuses kinds this build cannot execute, saying why and what to use', () => {
    expect(
      located(
        lines(
          'name: x',
          'steps:',
          '  - key: prep',
          '    run: x',
          '  - key: review',
          '    agent: security',
          '    prompt: check',
        ),
      ),
    ).toEqual([
      "6:5 step 'review' (line 5) is an agent step; agent steps need the agent system, which is not available in this build — use run, approval or workflow steps",
    ]);
    expect(located(lines('name: x', 'steps:', '  - key: ask', '    prompt: hi'))).toEqual([
      "4:5 step 'ask' (line 3) is a prompt step; prompt steps need a model provider, which is not available in this build — use run, approval or workflow steps",
    ]);
  });

  it('accepts those kinds when the build has their executors', () => {
    const source = lines(
      'name: x',
      'steps:',
      '  - key: review',
      '    action: review the diff',
      '  - key: ask',
      '    prompt: hi',
    );
    expect(parseWorkflow(source, 'x.yaml', { stepKinds: ['agent', 'prompt'] }).steps).toHaveLength(2);
  });

  it('allows with only on workflow steps and concurrency only with forEach', () => {
    expect(
      located(
        lines('name: x', 'steps:', '  - key: a', '    run: x', '    with: {a: 1}', '    concurrency: 2'),
      ),
    ).toEqual([
      "5:5 step 'a': 'with' passes inputs to a sub-workflow, so it needs 'workflow'; use expressions in the step's fields instead",
      "6:5 step 'a': 'concurrency' limits how many forEach items run at once, so it needs 'forEach'; use the workflow's concurrency for steps",
    ]);
  });
});

describe('parseWorkflow: expressions', () => {
  it('points at a bad expression inside a command', () => {
    expect(located(lines('name: x', 'steps:', '  - key: a', '    run: echo ${{ inputs.x + 1 }}'))).toEqual([
      "4:19 bad expression: operator '+' is not supported; expressions support == != < <= > >= && || ! and ?:",
    ]);
  });

  it('points at a syntax error in an if, a quoted string and a block scalar', () => {
    expect(
      located(
        lines(
          'name: x',
          'inputs: {x: {}}',
          'steps:',
          '  - key: a',
          '    if: inputs.x ==',
          '    run: "echo ${{ inputs.x. }}"',
          '  - key: b',
          '    run: |',
          '      echo one',
          '      echo ${{ inputs.x ) }}',
        ),
      ),
    ).toEqual([
      '5:20 bad expression: Expected expression after ==',
      '6:30 bad expression: unexpected end of expression',
      "10:25 bad expression: unexpected ')'",
    ]);
  });

  it('refuses an if with text around its expression, which would always be true', () => {
    expect(
      located(
        lines(
          'name: x',
          'inputs: {x: {}}',
          'steps:',
          '  - key: a',
          "    if: ${{ inputs.x }} == 'yes'",
          '    run: x',
        ),
      ),
    ).toEqual(['5:9 an if is one expression: write `${{ a == b }}` or `a == b`, not text around ${{ … }}']);
  });

  it('checks every rendered field: env values, cwd, approval message, with values, forEach', () => {
    const issues = located(
      lines(
        'name: x',
        'steps:',
        '  - key: a',
        '    run:',
        '      command: echo',
        '      cwd: ${{ nope.dir }}',
        '      env:',
        '        A: ${{ inputs.a }}',
        '  - key: b',
        '    approval: {message: "ok ${{ steps.missing.output }}?"}',
        '  - key: c',
        '    workflow: child.yaml',
        '    with:',
        '      list: ["${{ item }}"]',
        '  - key: d',
        '    forEach: ${{ steps.a.output }}',
        '    run: echo',
      ),
    );
    expect(issues).toEqual([
      "6:16 bad expression: unknown name 'nope' Expressions can read inputs, steps, item, index, execution, step, env",
      "8:16 input 'a' is not declared; the workflow has no inputs — declare it under inputs:",
      "10:33 steps.missing: there is no step 'missing'; steps are: a, b, c, d",
      '14:19 item is only available in a step with forEach',
      "16:18 step 'd' reads steps.a but does not depend on it, so its output may not be ready — add 'a' to dependsOn",
    ]);
  });

  it('checks step references against transitive dependencies and declared outputs', () => {
    const source = lines(
      'name: x',
      'inputs:',
      '  target: {}',
      'steps:',
      '  - key: build',
      '    outputs: [artifact]',
      '    run: make',
      '  - key: test',
      '    dependsOn: build',
      '    run: make test',
      '  - key: ship',
      '    dependsOn: test',
      '    run: ship ${{ steps.build.outputs.artifact }} ${{ steps.build.outputs.artefact }} ${{ inputs.targte }}',
      '  - key: self',
      '    if: steps.self.status',
      '    run: x',
    );
    expect(located(source)).toEqual([
      "13:67 step 'build' declares no output 'artefact' — did you mean 'artifact'? It declares: artifact",
      "13:91 input 'targte' is not declared — did you mean 'target'? Inputs: target",
      "15:9 step 'self' cannot read its own status: it is not known until the step ends",
    ]);
  });

  it('lets item and index be used under forEach, but not in forEach itself', () => {
    expect(
      located(
        lines(
          'name: x',
          'steps:',
          '  - key: fan',
          '    forEach: [1, 2]',
          '    run: echo ${{ item }} ${{ index }}',
          '  - key: odd',
          '    forEach: ${{ item }}',
          '    run: echo',
          '  - key: gated',
          '    forEach: [1]',
          '    if: index == 0',
          '    run: echo',
        ),
      ),
    ).toEqual([
      '7:18 item names the current element, so forEach itself cannot use it',
      '11:9 index is not available in if: the condition is checked once for the whole step, before its items run',
    ]);
  });

  it('does not check outputs of a step that declares none', () => {
    const source = lines(
      'name: x',
      'steps:',
      '  - key: a',
      '    run: x',
      '  - key: b',
      '    dependsOn: a',
      '    run: echo ${{ steps.a.outputs.anything }}',
    );
    expect(parseWorkflow(source, 'x.yaml', options).steps).toHaveLength(2);
  });
});

describe('parseWorkflow: many problems at once', () => {
  it('reports every issue, not just the first', () => {
    const issues = located(
      lines(
        'name: x',
        'steps:',
        '  - key: build',
        '    run: echo build',
        '    dependOn: lint',
        '  - key: build',
        '    run: echo again',
        '  - key: deploy',
        '    dependsOn: build',
        '    run: echo ${{ steps.test.output }}',
      ),
    );
    expect(issues).toEqual([
      "5:5 unknown field 'dependOn' in step 'build' — did you mean 'dependsOn'?",
      "6:10 duplicate step key 'build': used at lines 3 and 6; step keys must be unique",
      "10:19 steps.test: there is no step 'test'; steps are: build, deploy",
    ]);
  });

  it('locates issues in JSON input too', () => {
    const json =
      '{\n  "name": "j",\n  "steps": [\n    {"key": "a", "run": "x", "dependsOn": ["ghost"]}\n  ]\n}\n';
    expect(located(json, 'flow.json')).toEqual([
      "4:44 step 'a' depends on 'ghost', which is not a step; steps are: a",
    ]);
  });
});

describe('parseWorkflow: repeated parses', () => {
  const source = lines(
    'name: again',
    'steps:',
    '  - key: a',
    '    run: echo ${{ inputs.x }}',
    'inputs:',
    '  x: {}',
  );

  it('gives every caller its own copy of a definition it has seen before', () => {
    const first = parseWorkflow(source, 'again.yaml', options);
    first.steps[0]!.key = 'changed';
    const second = parseWorkflow(source, 'again.yaml', options);
    expect(second.steps[0]?.key).toBe('a');
    expect(second).not.toBe(parseWorkflow(source, 'again.yaml', options));
    expect(second).toEqual(parseWorkflowUncached(source, 'again.yaml', options));
  });

  it('keys what it remembers by the executable step kinds, and labels errors with each call’s file', () => {
    const agent = lines('name: agent', 'steps:', '  - key: a', '    action: review');
    expect(parseWorkflow(agent, 'a.yaml', { stepKinds: ['agent'] }).steps).toHaveLength(1);
    expect(issuesOf(agent, 'first.yaml')[0]?.file).toBe('first.yaml');
    expect(issuesOf(agent, 'second.yaml')[0]?.file).toBe('second.yaml');
  });
});

describe('parseWorkflow: agents and inputs', () => {
  it('refuses an unknown agent with the nearest names when the build knows its agents', () => {
    const source = lines('name: x', 'steps:', '  - key: review', '    agent: securty', '    prompt: check');
    expect(
      located(source, 'x.yaml', { stepKinds: ['agent'], agentNames: ['security', 'backend', 'writer'] }),
    ).toEqual([
      "4:12 step 'review' names agent 'securty', which does not exist — did you mean 'security'? (ax agent list shows them all)",
    ]);
    expect(parseWorkflow(source, 'x.yaml', { stepKinds: ['agent'] }).steps[0]?.agent).toBe('securty');
  });

  it('refuses an input default that does not match its type', () => {
    const source = lines(
      'name: x',
      'inputs:',
      '  count:',
      '    type: number',
      '    default: many',
      'steps:',
      '  - key: a',
      '    run: x',
    );
    expect(located(source)).toEqual([
      `5:14 input 'count' is a number, but its default "many" is not; change the default or the type`,
    ]);
  });
});
