import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundledWorkflowsDir } from '../../src/cli/resolve-workflow-path.js';
import { copySampleProject, repositoryRoot, simulatedEnv } from '../e2e/sample-project.js';
import { runCli } from '../helpers/cli.js';

/**
 * Every sample in `workflows/` is validated and run through the built CLI, against the simulator, in a
 * fresh copy of the fixture project: what a user gets from `npx ax workflow run workflows/<name>.yaml`.
 */
interface StatusJson {
  execution: { state: string };
  steps: {
    key: string;
    status: string;
    output?: unknown;
    outputs?: { agent?: string };
    usage?: { provider: string; model: string; simulated: boolean; inputTokens: number };
  }[];
}

interface SampleFile {
  name: string;
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  steps: { key: string; agent?: string; action?: string; run?: string | { command: string } }[];
}

const workflowsDir = join(repositoryRoot, 'workflows');
const samples = [
  'code-review',
  'cicd-pipeline',
  'tech-debt-analysis',
  'api-development',
  'deploy-microservice',
];
const readSample = (name: string) =>
  parse(readFileSync(join(workflowsDir, `${name}.yaml`), 'utf8')) as SampleFile;
/** The fixture's source files, as the samples' file lists find them. */
const sourceFiles = ['src/orders.js', 'src/server.js', 'test/orders.test.js'];
const commandOf = (run: string | { command: string }) => (typeof run === 'string' ? run : run.command);

const runs = new Map<string, ReturnType<typeof runSampleOnce>>();

/** Each sample runs once per test file; the tests below look at that one run from different sides. */
function runSample(name: string) {
  let run = runs.get(name);
  if (!run) {
    run = runSampleOnce(name);
    runs.set(name, run);
  }
  return run;
}

/** Runs a sample in a fresh project copy and returns the CLI output and the stored run. */
async function runSampleOnce(name: string) {
  const project = copySampleProject();
  const db = join(project, '.automatosx', 'test.db');
  const env = simulatedEnv();
  const run = await runCli(['workflow', 'run', join(workflowsDir, `${name}.yaml`), '--db', db], {
    cwd: project,
    env,
  });
  const id = /run (ex-\S+) /.exec(run.stdout)?.[1];
  expect(id, `${name} printed no execution id:\n${run.stdout}\n${run.stderr}`).toBeDefined();
  const status = await runCli(['workflow', 'status', id!, '--db', db, '--json'], { cwd: project, env });
  return { project, run, detail: JSON.parse(status.stdout) as StatusJson };
}

const stepOf = (detail: StatusJson, key: string) => {
  const step = detail.steps.find((candidate) => candidate.key === key);
  if (!step) throw new Error(`no step '${key}' in ${detail.steps.map((s) => s.key).join(', ')}`);
  return step;
};

describe('sample workflows', () => {
  // Start every sample at once: they run in separate folders and databases.
  beforeAll(() => {
    for (const name of samples) void runSample(name).catch(() => {});
  });

  it('ships exactly the samples this test runs, next to getting-started and triage', () => {
    // triage.yaml (typed step outputs) has its own suite: test/workflows/typed-outputs.test.ts.
    const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
    expect(files.sort()).toEqual(
      [...samples.map((name) => `${name}.yaml`), 'getting-started.yaml', 'triage.yaml'].sort(),
    );
  });

  it.each(samples)(
    '%s: runs with no arguments (every input has a default) and deploys nothing for real',
    (name) => {
      const sample = readSample(name);
      for (const [input, spec] of Object.entries(sample.inputs ?? {})) {
        expect(spec.default, `${name}: input '${input}' has no default`).toBeDefined();
      }
      const kinds = sample.steps.map((step) =>
        step.run !== undefined ? 'run' : step.agent ? 'agent' : 'other',
      );
      expect(kinds, `${name} mixes agent and run steps`).toContain('run');
      expect(kinds).toContain('agent');
      for (const step of sample.steps) {
        if (step.run === undefined) continue;
        const command = commandOf(step.run);
        if (/deploy/i.test(step.key))
          expect(command, `${name}: ${step.key} is not a dry run`).toContain('DRY RUN');
        expect(command).not.toMatch(/\b(npm publish|git push|kubectl|docker push|helm)\b/);
      }
    },
  );

  it.each(samples)('%s: validates through the CLI', async (name) => {
    const result = await runCli(['workflow', 'validate', join(workflowsDir, `${name}.yaml`), '--json'], {
      env: simulatedEnv(),
    });
    expect(result.code, result.stderr).toBe(0);
  });

  it.each(samples)(
    '%s: runs to completion on the simulator, each agent step answered by its agent',
    async (name) => {
      const { run, detail } = await runSample(name);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stderr).toContain('simulator');
      expect(detail.execution.state).toBe('completed');
      const sample = readSample(name);
      // Stored steps come in the order they started, which parallel branches make vary.
      expect(Object.fromEntries(detail.steps.map((step) => [step.key, step.status]))).toEqual(
        Object.fromEntries(sample.steps.map((step) => [step.key, 'succeeded'])),
      );
      for (const step of sample.steps.filter((candidate) => candidate.agent !== undefined)) {
        const stored = stepOf(detail, step.key);
        // `architecture` is the architect's alias.
        expect(stored.outputs?.agent).toBe(step.agent === 'architecture' ? 'architect' : step.agent);
        expect(String(stored.output)).toMatch(/^\[simulated\]/);
        expect(stored.usage).toMatchObject({ simulated: true });
        expect(stored.usage!.inputTokens).toBeGreaterThan(0);
      }
    },
  );

  it('code-review: lint and security run in parallel, the writer reports on Claude, the report is written', async () => {
    // The seed's sample pins its last agent step to `provider: claude`; with no keys its simulated twin answers.
    expect(readFileSync(join(bundledWorkflowsDir, 'code-review.yaml'), 'utf8')).toMatch(
      /key: generate-report\n(?: {4}.*\n)*? {4}provider: claude\n/,
    );
    const { project, run, detail } = await runSample('code-review');
    const lines = run.stdout.split('\n');
    const started = (key: string) => lines.indexOf(`step ${key}: started (attempt 1)`);
    const finished = (key: string) => lines.findIndex((line) => line.startsWith(`step ${key}: succeeded`));
    expect(started('security-scan')).toBeLessThan(finished('lint'));
    expect(started('lint')).toBeLessThan(finished('security-scan'));
    expect(started('architecture-review')).toBeGreaterThan(finished('security-scan'));
    expect(stepOf(detail, 'generate-report').usage).toMatchObject({
      provider: 'simulator-claude',
      model: 'claude-sonnet-4-5',
    });
    expect(String(stepOf(detail, 'collect-files').output).split('\n').sort()).toEqual(sourceFiles);
    const report = readFileSync(join(project, '.automatosx', 'code-review-report.md'), 'utf8');
    expect(report).toContain('# Code review of main');
    expect(report).toContain(String(stepOf(detail, 'security-scan').output));
    expect(report).toContain(String(stepOf(detail, 'generate-report').output));
  });

  it('cicd-pipeline: runs the real test and build scripts, the deploy is a labelled dry run', async () => {
    const { detail } = await runSample('cicd-pipeline');
    expect(String(stepOf(detail, 'checkout').output)).toMatch(/^[0-9a-f]{7,} on \S+, 0 uncommitted/);
    expect(String(stepOf(detail, 'unit-tests').output)).toContain('orders: 3 checks passed');
    expect(String(stepOf(detail, 'build').output)).toContain('build: nothing to compile');
    expect(String(stepOf(detail, 'deploy').output)).toMatch(
      /^DRY RUN: would deploy revision [0-9a-f]+ to staging/,
    );
    expect(String(stepOf(detail, 'test-analysis').output)).toContain('Action: analyze test results');
  });

  it('tech-debt-analysis: counts the real files and markers and writes the report', async () => {
    const { project, detail } = await runSample('tech-debt-analysis');
    const lines = sourceFiles.reduce(
      (sum, file) => sum + readFileSync(join(project, file), 'utf8').split('\n').length - 1,
      0,
    );
    expect(stepOf(detail, 'inventory').output).toBe(`3 source files, ${lines} lines`);
    const largest = String(stepOf(detail, 'largest-files').output).split('\n');
    expect(largest).toHaveLength(3);
    for (const line of largest) expect(line).toMatch(/^\d+ \.\/(src|test)\/\S+\.js$/);
    expect(String(stepOf(detail, 'markers').output)).toMatch(/src\/orders\.js:\d+:.*TODO/);
    expect(String(stepOf(detail, 'markers').output)).toMatch(/src\/server\.js:\d+:.*FIXME/);
    const report = readFileSync(join(project, '.automatosx', 'tech-debt-report.md'), 'utf8');
    expect(report).toContain(`- Source: 3 files, ${lines} lines`);
    expect(report).toContain(String(stepOf(detail, 'prioritise').output));
  });

  it('api-development and deploy-microservice: the existing tests pass and nothing leaves the folder', async () => {
    const api = await runSample('api-development');
    expect(String(stepOf(api.detail, 'existing-tests').output)).toContain('orders: 3 checks passed');
    expect(existsSync(join(api.project, '.automatosx', 'api-development-plan.md'))).toBe(true);
    const deploy = await runSample('deploy-microservice');
    const tracked = spawnSync('git', ['ls-files'], { cwd: deploy.project, encoding: 'utf8' });
    expect(stepOf(deploy.detail, 'image-contents').output).toBe(
      `${tracked.stdout.trim().split('\n').length} files would be copied into orders-service:latest`,
    );
    expect(String(stepOf(deploy.detail, 'staging-dry-run').output)).toContain('DRY RUN');
  });
});
