/**
 * A workflow whose primary provider goes down mid-run: the first agent step is answered by Claude, then
 * Claude starts failing (503), the router retries, fails over to Gemini, and the run completes. The
 * router's events show the fallback; each step's usage shows which provider answered it.
 *
 *   npm run build && node examples/workflow-with-provider-fallback.ts
 *
 * Node 24 runs this TypeScript file directly (type stripping). It imports the built package from
 * `../dist/index.js`: relative `../src/*.js` imports do not resolve under type stripping, and inside this
 * repository the package cannot import itself by name (`automatosx`); in your own project, import from
 * 'automatosx' instead.
 *
 * The outage is injected with the built-in simulator's fault rules, so this runs with no keys.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAutomatosx } from '../dist/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ax-example-fallback-'));
const workflowFile = join(dir, 'release-notes.yaml');
writeFileSync(
  workflowFile,
  `name: release-notes
description: Three agents write the release notes, one after the other
steps:
  - key: collect
    agent: product
    prompt: List what changed for users in this release.
  - key: draft
    agent: writer
    dependsOn: collect
    prompt: Draft the release notes from the list of changes.
  - key: review
    agent: quality
    dependsOn: draft
    prompt: Check the release notes for accuracy and tone.
`,
);

const ax = await createAutomatosx({
  databasePath: join(dir, 'automatosx.db'),
  workspace: dir,
  // The simulator always (no keys needed); short router backoff so the retries before the failover are quick.
  providers: {
    cwd: dir,
    env: {},
    simulator: 'always',
    config: {
      providers: {},
      router: {
        strategy: 'priority',
        backoffBaseMs: 20,
        backoffCapMs: 100,
        restartInterruptedStreams: false,
      },
    },
  },
  concurrency: 1,
});
for (const notice of ax.notices) console.log(`note: ${notice}`);

// Claude (the simulator's Anthropic endpoint) answers its first request, then is unavailable from the second on.
ax.providers.simulator!.setFaults([{ provider: 'anthropic', on: { from: 2 }, fault: 'unavailable' }]);

ax.providers.router.events.on('error', (event) =>
  console.log(`router: ${event.provider} failed (${event.error.code}), next: ${event.next}`),
);
ax.providers.router.events.on('fallback', (event) =>
  console.log(`router: fallback ${event.from} → ${event.to} (${event.reason})`),
);
ax.engine.on((event) => {
  if (event.type === 'step-succeeded') console.log(`step ${event.key}: succeeded`);
  if (event.type === 'step-failed') console.log(`step ${event.key}: failed — ${event.error}`);
});

try {
  const result = await ax.engine.runFile(workflowFile);
  console.log(`\nrun ${result.state}: ${result.summary.stepsCompleted} steps completed`);
  for (const step of result.steps) {
    const usage = step.usage as { provider: string; model: string } | undefined;
    console.log(`  ${step.key.padEnd(8)} answered by ${usage?.provider} (${usage?.model})`);
  }
  console.log(
    `tokens: ${result.summary.usage.inputTokens} in, ${result.summary.usage.outputTokens} out; simulated: ${result.summary.usage.simulated}`,
  );
} finally {
  await ax.close();
}
