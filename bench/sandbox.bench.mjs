// Cost of the OS sandbox per bash call: the same commands run by the `bash` tool's entry point
// (`runInSandbox`, bubblewrap on Linux) and unconfined (`--no-sandbox`, the same spawn without bwrap),
// interleaved call by call in one run, so the difference is what the sandbox adds. Runs the built dist/.
//   node bench/sandbox.bench.mjs [--calls N] [--json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectSandbox, runInSandbox, runProcess } from '../dist/sandbox/index.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const callsIndex = args.indexOf('--calls');
const calls = callsIndex === -1 ? 200 : Number(args[callsIndex + 1]);
const warmup = 10;
const workspace = mkdtempSync(join(tmpdir(), 'ax-sandbox-bench-'));
writeFileSync(join(workspace, 'a.txt'), 'one\ntwo\nthree\n');
const commands = { true: 'true', 'cat | wc': 'cat a.txt | wc -l' };

const support = detectSandbox();
if (!support.available) {
  process.stderr.write(`no sandbox here (${support.reason}); nothing to measure\n`);
  process.exit(1);
}
const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const loadBefore = loadavg()[0];
const results = {};
try {
  for (const [name, command] of Object.entries(commands)) {
    const times = { sandboxed: [], unconfined: [], bareBwrap: [] };
    const modes = Object.keys(times);
    for (let n = 0; n < warmup + calls; n++) {
      for (const mode of [...modes.slice(n % 3), ...modes.slice(0, n % 3)]) {
        const started = performance.now();
        // bareBwrap: bwrap with a read-only root and nothing else, the floor of any bwrap sandbox.
        const result =
          mode === 'bareBwrap'
            ? await runProcess(
                support.program,
                ['--ro-bind', '/', '/', '--chdir', workspace, '/bin/sh', '-c', command],
                {
                  cwd: workspace,
                  env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
                  timeoutMs: 30_000,
                  maxOutputBytes: 65_536,
                },
              )
            : await runInSandbox(command, {
                mode: 'read-only',
                workspace,
                ...(mode === 'unconfined' ? { unconfined: true } : {}),
              });
        if (result.exitCode !== 0) throw new Error(`${mode} ${command}: ${result.stderr}`);
        if (n >= warmup) times[mode].push(performance.now() - started);
      }
    }
    const sandboxed = median(times.sandboxed);
    const unconfined = median(times.unconfined);
    results[name] = {
      sandboxedMs: sandboxed,
      unconfinedMs: unconfined,
      bareBwrapMs: median(times.bareBwrap),
      addedMs: sandboxed - unconfined,
      ratio: sandboxed / unconfined,
    };
  }
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
const report = { calls, node: process.version, sandbox: support.kind, loadBefore, results };
if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  for (const [name, r] of Object.entries(results)) {
    process.stdout.write(
      `${name.padEnd(10)} sandboxed ${r.sandboxedMs.toFixed(2)} ms  unconfined ${r.unconfinedMs.toFixed(2)} ms  ` +
        `bare bwrap ${r.bareBwrapMs.toFixed(2)} ms  ` +
        `added ${r.addedMs.toFixed(2)} ms  ×${r.ratio.toFixed(2)}\n`,
    );
  }
  process.stdout.write(`${calls} calls each, median; load average ${loadBefore.toFixed(1)} before the run\n`);
}
