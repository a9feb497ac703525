// Parse + validate throughput for a 20-step workflow (target: >= 20,000/s), YAML and JSON, against
// the bare cost of the two parsers in the same run. Run after `npm run build`:
//   node bench/parse.bench.mjs            (AX_DIST=/other/dist to measure another build; '--json' for bench/run.mjs)
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';

const dist = process.env.AX_DIST
  ? pathToFileURL(`${resolve(process.env.AX_DIST)}/`)
  : new URL('../dist/', import.meta.url);
const { parseWorkflow, parseWorkflowUncached } = await import(new URL('workflows/index.js', dist).href);

const options = { stepKinds: ['run', 'approval', 'workflow'] };

/** A realistic 20-step file: parallel branches, a join, expressions in commands, env and conditions. */
function twentyStepYaml() {
  let text =
    'name: bench\ndescription: twenty steps\ninputs:\n  target:\n    type: string\n    default: world\nsteps:\n';
  for (let i = 0; i < 20; i++) {
    const parent = `step-${Math.floor((i - 1) / 2)}`;
    text += `  - key: step-${i}\n`;
    text += `    run:\n      command: echo "step ${i} for \${{ inputs.target }}"\n`;
    if (i > 0) {
      text += `      env:\n        PREVIOUS: \${{ steps.${parent}.status }}\n`;
      text += `    dependsOn: [${parent}]\n    if: steps.${parent}.status == 'succeeded'\n`;
    }
    text += '    timeout: 30s\n    retry:\n      attempts: 2\n';
  }
  return text;
}

const json = process.argv.includes('--json');
const say = (line) => {
  if (!json) console.log(line);
};

function measure(label, fn, minMs = 1500) {
  for (let i = 0; i < 200; i++) fn();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    runs += 100;
    elapsed = performance.now() - start;
  }
  const perSecond = Math.round((runs / elapsed) * 1000);
  say(
    `${label.padEnd(44)} ${String(perSecond).padStart(9)} /s   ${((elapsed / runs) * 1000).toFixed(1)} µs each`,
  );
  return perSecond;
}

const yamlText = twentyStepYaml();
const definition = parseWorkflow(yamlText, 'bench.yaml', options);
const jsonText = JSON.stringify(definition, null, 2);
if (definition.steps.length !== 20) throw new Error('bench file should have 20 steps');

say(`20-step workflow: YAML ${yamlText.length} bytes, JSON ${jsonText.length} bytes`);
// "first parse": every call sees the text for the first time (the cache of valid definitions bypassed);
// "repeat parse": the same text again, as a server or worker sees it for every run of a workflow.
const yamlOnly = measure('baseline: yaml.parseDocument only', () => parseDocument(yamlText));
const yamlCold = measure('first parse + validate (YAML)', () =>
  parseWorkflowUncached(yamlText, 'bench.yaml', options),
);
const jsonOnly = measure('baseline: JSON.parse only', () => JSON.parse(jsonText));
const jsonCold = measure('first parse + validate (JSON)', () =>
  parseWorkflowUncached(jsonText, 'bench.json', options),
);
const clone = measure('baseline: JSON.parse of the definition', () => JSON.parse(jsonText));
const yamlWarm = measure('repeat parse + validate (YAML, cached)', () =>
  parseWorkflow(yamlText, 'bench.yaml', options),
);
say(
  `first parse+validate: YAML ${yamlCold}/s (${(yamlCold / yamlOnly).toFixed(2)}× of parseDocument alone), ` +
    `JSON ${jsonCold}/s (${(jsonCold / jsonOnly).toFixed(2)}× of JSON.parse alone); ` +
    `repeat: ${yamlWarm}/s (${(yamlWarm / clone).toFixed(2)}× of JSON.parse of the definition alone); target 20,000/s`,
);
if (json) {
  console.log(
    JSON.stringify({
      'parse+validate of a 20-step file, per second (target >= 20,000)': {
        'YAML, first parse': yamlCold,
        'JSON, first parse': jsonCold,
        'YAML, repeat parse (cache of valid definitions)': yamlWarm,
      },
      baselines: {
        'yaml.parseDocument only, per second': yamlOnly,
        'JSON.parse only, per second': jsonOnly,
        'YAML first parse vs yaml.parseDocument': `${(yamlCold / yamlOnly).toFixed(1)}×`,
      },
    }),
  );
}
