// Checks of the bench's own logic (not part of npm test, which never runs benchmarks):
//   node --test bench/workloads/report.test.mjs
// Fixture results stand in for the workload processes, so the verdict and survival rules are exercised
// without timing anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from './fault-scenarios.mjs';
import { renderMarkdown } from './report.mjs';
import { ratio, summary } from './stats.mjs';

test('summary gives the median with min and max, ignoring non-numbers', () => {
  assert.deepEqual(summary([5, 1, 3, Number.NaN]), { median: 3, min: 1, max: 5, n: 3 });
  assert.equal(summary([1, 2, 3, 4]).median, 2.5);
  assert.equal(ratio({ median: 30 }, { median: 3 }), 10);
});

const chainRun = (us, cpu, bytes) => ({
  perStepUs: [us],
  cpuPerStepUs: [cpu],
  wcharPerStep: [bytes],
  writeBytesPerStep: [bytes],
  synchronous: 'NORMAL',
});
const machine = {
  cpu: 'test cpu',
  cores: 2,
  memoryGiB: 4,
  kernel: 'x',
  node: 'v24',
  commit: 'abc',
  date: 'd',
  loadBefore: [1, 1, 1],
  loadAfter: [2, 2, 2],
  minutes: 1,
};

function fixture({ oursBytes, rerun, routerOverhead }) {
  return {
    chain: {
      ax: [chainRun(10, 5, oursBytes)],
      langgraph: [chainRun(200, 100, 40_000)],
      'langgraph-sync': [chainRun(300, 100, 40_000)],
      mastra: [chainRun(150, 90, 42_000)],
    },
    kill: {
      ax: [
        { resumeMs: 1, toFirstStepMs: 1, resumeProcessMs: 1, stepsRun: 50, completedStepsRunAgain: rerun },
      ],
    },
    provider: {
      rounds: 1,
      perRound: 1,
      faultReps: 1,
      overhead: {
        directMs: [20],
        routerMs: [20.3],
        portkeyMs: [23],
        routerOverheadMs: [routerOverhead],
        portkeyOverheadMs: [3],
      },
      faults: [
        {
          name: 'stream cut',
          router: [{ survived: true, outcome: 'answer from backup', ms: 10 }],
          portkey: [{ survived: false, outcome: 'error: cut', ms: 5 }],
        },
      ],
    },
  };
}

test('every goal met: no MISSED verdicts, and the file names the peers and versions', () => {
  const text = renderMarkdown(fixture({ oursBytes: 3000, rerun: 0, routerOverhead: 0.3 }), machine, {
    '@mastra/core': '1.0.0',
  });
  assert.doesNotMatch(text, /MISSED/);
  assert.match(text, /@mastra\/core 1\.0\.0/);
  assert.match(text, /\*\*not survived\*\* \(0\/1\): error: cut/);
});

test('missed goals are marked and explained', () => {
  const text = renderMarkdown(fixture({ oursBytes: 8000, rerun: 2, routerOverhead: 5 }), machine, {});
  const goals = text.slice(text.indexOf('## Goals'), text.indexOf('## 1.'));
  assert.match(
    goals,
    /bytes written per step ≤ 1\/10 of theirs \| LangGraph 5\.00×, Mastra 5\.25× fewer \| \*\*MISSED\*\*/,
  );
  assert.match(goals, /zero completed steps re-run on resume \| max 2 over 1 kills \| \*\*MISSED\*\*/);
  assert.match(goals, /router overhead below Portkey's .* \*\*MISSED\*\*/);
  assert.match(goals, /Why the bytes goal is missed/);
  assert.match(goals, /Why the resume goal is missed/);
});

test('a scenario survives only with the complete answer; truncation, errors and refusals are told apart', async () => {
  const reference = 'the full answer';
  const scenario = { name: 's', rules: [] };
  const complete = async () => ({ text: reference, finishReason: 'stop' });
  const truncated = async () => ({ text: 'the full', finishReason: 'stop' });
  const failing = async () => {
    throw new Error('boom\nsecond line');
  };
  assert.equal((await runScenario(scenario, complete, reference)).survived, true);
  const cut = await runScenario(scenario, truncated, reference);
  assert.equal(cut.survived, false);
  assert.match(cut.outcome, /wrong answer \(finish stop, 8 of 15 chars\)/);
  const error = await runScenario(scenario, failing, reference);
  assert.equal(error.outcome, 'error: boom second line');
  const refusal = async () => ({ text: '', finishReason: 'content-filter' });
  assert.equal((await runScenario({ ...scenario, refusalOk: true }, refusal, reference)).survived, true);
  assert.equal((await runScenario(scenario, refusal, reference)).survived, false);
  let calls = 0;
  const flaky = async () => (++calls === 2 ? truncated() : complete());
  assert.equal((await runScenario({ ...scenario, requests: 3 }, flaky, reference)).survived, false);
});
