// What typed step outputs cost, each against a baseline measured in the same run, interleaved:
// checking a structured answer (JSON parse + Ajv against the step's schema) against JSON.parse alone,
// and validating workflows/triage.yaml, already parsed from YAML (schema meta-checks, output references)
// against the same document with its `output:` blocks removed. Runs the built dist/.
//   node bench/typed-output.bench.mjs [--rounds N] [--json]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parse } from 'yaml';
import { checkAnswer, checkJsonSchema, outputSpecOf } from '../dist/structured-output/index.js';
import { validateWorkflow } from '../dist/workflows/validate-workflow.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const roundsIndex = args.indexOf('--rounds');
const rounds = roundsIndex === -1 ? 2000 : Number(args[roundsIndex + 1]);
const warmup = 200;
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

/** Runs each case once per round, in rotating order, and returns the median time of each in µs. */
function interleaved(cases) {
  const names = Object.keys(cases);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const started = performance.now();
      cases[name]();
      if (round >= warmup) times[name].push((performance.now() - started) * 1000);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])]));
}

const typed = parse(readFileSync(new URL('../workflows/triage.yaml', import.meta.url), 'utf8'));
const untyped = { ...typed, steps: typed.steps.map(({ output: _output, ...step }) => step) };
const options = { stepKinds: ['agent', 'prompt', 'run'] };
for (const document of [typed, untyped]) {
  if (validateWorkflow(document, options).issues.length > 0) throw new Error('the sample should be valid');
}
const spec = outputSpecOf({ schema: typed.steps[0].output.schema });
const answer = JSON.stringify({
  severity: 'high',
  files: ['src/orders.js', 'src/server.js', 'test/orders.test.js'],
  summary: 'The order total is computed twice after the refactor of the discount code.',
});
if (!checkAnswer(spec, answer).ok) throw new Error('the sample answer should match');

const loadBefore = loadavg()[0];
const check = interleaved({
  jsonParse: () => JSON.parse(answer),
  checkAnswer: () => checkAnswer(spec, answer),
});
const validate = interleaved({
  untyped: () => validateWorkflow(untyped, options),
  typed: () => validateWorkflow(typed, options),
});
// A schema seen for the first time is checked against the meta-schema and compiled by Ajv once.
const cold = [];
for (let n = 0; n < 50; n++) {
  const fresh = { ...typed.steps[0].output.schema, title: `fresh ${n} ${Math.random()}` };
  const started = performance.now();
  if (checkJsonSchema(fresh).length > 0) throw new Error('the sample schema should be valid');
  cold.push(performance.now() - started);
}
const figures = {
  rounds,
  loadAverage: Number(loadBefore.toFixed(1)),
  answer: {
    jsonParseUs: check.jsonParse,
    checkAnswerUs: check.checkAnswer,
    ratio: check.checkAnswer / check.jsonParse,
  },
  validate: {
    untypedUs: validate.untyped,
    typedUs: validate.typed,
    ratio: validate.typed / validate.untyped,
  },
};
if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
else {
  const us = (value) => `${value.toFixed(1)} µs`;
  console.log(
    `answer check: JSON.parse ${us(check.jsonParse)}, parse + Ajv ${us(check.checkAnswer)} (×${figures.answer.ratio.toFixed(2)})`,
  );
  console.log(
    `validate triage.yaml: without output ${us(validate.untyped)}, with ${us(validate.typed)} (×${figures.validate.ratio.toFixed(2)})`,
  );
  console.log(
    `a schema seen for the first time: ${median(cold).toFixed(2)} ms (meta-schema check and Ajv compile, then cached)`,
  );
  console.log(`${rounds} rounds after ${warmup} warm-up, medians; load average ${figures.loadAverage}`);
}
