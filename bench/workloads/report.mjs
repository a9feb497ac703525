// Turns the results of bench/run.mjs into tables: one set of sections, rendered for the console and
// as docs/benchmarks.md. Every goal of the issue gets a row that says plainly whether it was met.

import { peerNotes, whyMissed } from './report-notes.mjs';
import { flatten, fmt, range, ratio, summary, times } from './stats.mjs';

const label = {
  ax: 'AutomatosX',
  langgraph: 'LangGraph.js (durability "async", default)',
  'langgraph-sync': 'LangGraph.js (durability "sync")',
  mastra: 'Mastra',
  'sqlite-floor': 'reference: bare SQLite, one 100-byte row committed per step',
};
const syncSource = {
  ax: 'store default',
  langgraph: 'set by the bench; saver default FULL',
  'langgraph-sync': 'set by the bench; saver default FULL',
  mastra: 'set by LibSQLStore',
  'sqlite-floor': 'as our store',
};
const ok = (runs = []) => runs.filter((r) => !r.failed);
const failures = (runs = []) => runs.filter((r) => r.failed).map((r) => r.failed);
const pooled = (runs, key) => summary(ok(runs).flatMap((r) => (Array.isArray(r[key]) ? r[key] : [r[key]])));

function chainSection(chain) {
  const ours = {
    us: pooled(chain.ax, 'perStepUs'),
    cpu: pooled(chain.ax, 'cpuPerStepUs'),
    bytes: pooled(chain.ax, 'wcharPerStep'),
  };
  const rows = Object.entries(chain).map(([engine, runs]) => {
    const us = pooled(runs, 'perStepUs');
    const cpu = pooled(runs, 'cpuPerStepUs');
    const wchar = pooled(runs, 'wcharPerStep');
    const disk = pooled(runs, 'writeBytesPerStep');
    const sync = ok(runs)[0]?.synchronous;
    return [
      label[engine],
      range(us),
      engine === 'ax' ? '1×' : times(ratio(us, ours.us)),
      range(cpu),
      engine === 'ax' ? '1×' : times(ratio(cpu, ours.cpu)),
      range(wchar, 0),
      engine === 'ax' ? '1×' : times(ratio(wchar, ours.bytes)),
      range(disk, 0),
      `${sync === 1 || sync === '1' ? 'NORMAL' : String(sync ?? '–').replace(' (set by LibSQLStore)', '')} (${syncSource[engine]})`,
    ];
  });
  return {
    title: '1. 100-step chain of no-op steps (durable checkpoints on)',
    headers: [
      'engine',
      'wall µs per step',
      'theirs ÷ ours',
      'CPU µs per step',
      'theirs ÷ ours',
      'bytes written per step (wchar)',
      'theirs ÷ ours',
      'write_bytes per step',
      'synchronous',
    ],
    rows,
    notes: [
      `Per round: one 100-step run after two warm-up runs; 3 processes × 10 rounds per engine. Wall time is what a user waits; CPU time (user + system of the process) is the engine's own cost and is far less sensitive to other load on the machine — a 4 ms run loses a whole scheduler slice when the machine is busy, a 200 ms run only a fraction of one. Bytes are the process's own /proc/self/io counters across the run (wchar: bytes handed to write(); write_bytes: bytes sent to the block device), divided by 100.`,
      ...Object.values(chain).flatMap(failures),
    ],
    ours,
  };
}

function fanoutSection(fanout) {
  const ours = { ms: pooled(fanout.ax, 'totalMs'), rss: pooled(fanout.ax, 'peakRssMiB') };
  const rows = Object.entries(fanout).map(([engine, runs]) => {
    const ms = pooled(runs, 'totalMs');
    const rss = pooled(runs, 'peakRssMiB');
    return [
      label[engine],
      range(ms),
      engine === 'ax' ? '1×' : times(ratio(ms, ours.ms)),
      range(rss),
      range(pooled(runs, 'rssBeforeRunMiB')),
    ];
  });
  return {
    title: '2. 1,000-step fan-out / fan-in DAG (one root, 998 parallel steps, one sink)',
    headers: ['engine', 'total ms', 'theirs ÷ ours', 'peak RSS MiB', 'RSS before the run MiB'],
    rows,
    notes: [
      'One run per fresh process, 3 processes per engine; peak RSS is the whole process (runtime and framework included).',
      ...Object.values(fanout).flatMap(failures),
    ],
  };
}

function modelSection(model) {
  const ours = { rate: pooled(model.ax, 'perSecond'), p95: pooled(model.ax, 'p95Ms') };
  const rows = Object.entries(model).map(([engine, runs]) => {
    const rate = pooled(runs, 'perSecond');
    const p95 = pooled(runs, 'p95Ms');
    return [
      label[engine],
      range(rate),
      engine === 'ax' ? '1×' : times(ratio(ours.rate, rate)),
      range(pooled(runs, 'p50Ms'), 0),
      range(p95, 0),
      engine === 'ax' ? '1×' : times(ratio(p95, ours.p95)),
    ];
  });
  return {
    title: '3. 200 concurrent 5-step workflows, every step calls a model (simulator, 20 ms latency)',
    headers: ['engine', 'workflows / s', 'ours ÷ theirs', 'p50 ms', 'p95 ms', 'theirs ÷ ours'],
    rows,
    notes: [
      "All 200 runs start at once; latency is one workflow from start to done. 1,000 model calls per run through each framework's own client to the simulator's OpenAI-compatible /chat/completions, which runs in its own process. On 2 shared cores this is CPU-bound, not latency-bound.",
      ...Object.values(model).flatMap(failures),
    ],
  };
}

function killSection(kill) {
  const rows = Object.entries(kill).map(([engine, runs]) => {
    const good = ok(runs);
    const rerun = good.map((r) => r.completedStepsRunAgain);
    return [
      label[engine],
      range(pooled(runs, 'resumeMs')),
      range(pooled(runs, 'toFirstStepMs')),
      range(pooled(runs, 'resumeProcessMs'), 0),
      good.length ? `${Math.max(...rerun)} (runs: ${rerun.join(', ')})` : 'failed',
      good.length ? String(Math.max(...good.map((r) => r.stepsRun))) : '–',
    ];
  });
  return {
    title: '4. Kill and resume: SIGKILL while step 51 of 100 runs, then resume in a new process',
    headers: [
      'engine',
      'resume → done ms',
      'resume → first step ms',
      'new process → done ms',
      'completed steps run again (max)',
      'steps run on resume',
    ],
    rows,
    notes: [
      '3 kills per engine. "Completed steps" are s0…s49, which had finished before the kill; s50 was running and is expected to run again.',
      ...Object.values(kill).flatMap(failures),
    ],
  };
}

function providerSections(provider) {
  if (provider.failed)
    return [{ title: '5. Provider layer', headers: ['result'], rows: [[provider.failed]], notes: [] }];
  const o = provider.overhead;
  const overhead = {
    title: '5a. Provider layer: overhead per request against a direct call (simulator, 20 ms latency)',
    headers: ['path', 'median ms per request', 'overhead over direct, ms (paired median)'],
    rows: [
      ['direct AI SDK call (OpenAI-compatible chat)', range(summary(o.directMs), 2), '–'],
      [
        'AutomatosX router (same SDK client inside)',
        range(summary(o.routerMs), 2),
        range(summary(o.routerOverheadMs), 2),
      ],
      [
        'Portkey gateway (same SDK client, via the gateway process)',
        range(summary(o.portkeyMs), 2),
        range(summary(o.portkeyOverheadMs), 2),
      ],
    ],
    notes: [
      `${provider.rounds} rounds × ${provider.perRound} calls per path, interleaved call by call; figures are the medians of the rounds (min–max across rounds).`,
    ],
  };
  const cell = (runs) => {
    const survived = runs.filter((r) => r.survived).length;
    const ms = summary(runs.map((r) => r.ms));
    const failed = runs.find((r) => !r.survived);
    return `${survived === runs.length ? 'survived' : `**not survived** (${survived}/${runs.length})`}: ${(failed ?? runs[0]).outcome}; ${fmt(ms.median, 0)} ms`;
  };
  const faults = {
    title: '5b. Fault scenarios (primary faulty, backup healthy; same retry/timeout policy in both)',
    headers: ['scenario', 'AutomatosX router', 'Portkey gateway'],
    rows: provider.faults.map((f) => [f.name, cell(f.router), cell(f.portkey)]),
    notes: [
      `Each scenario ${provider.faultReps}× per system; time is from the request to the complete answer (median). Survived = the complete, correct answer (or, for the content filter, a labelled refusal / typed error) within 15 s.`,
    ],
  };
  return [overhead, faults];
}

function goalSection(results, chain) {
  const rows = [];
  const mark = (met) => (met === undefined ? 'not measured' : met ? 'met' : '**MISSED**');
  if (chain) {
    const lg = ratio(pooled(results.chain.langgraph, 'perStepUs'), chain.ours.us);
    const ma = ratio(pooled(results.chain.mastra, 'perStepUs'), chain.ours.us);
    const lgc = ratio(pooled(results.chain.langgraph, 'cpuPerStepUs'), chain.ours.cpu);
    const mac = ratio(pooled(results.chain.mastra, 'cpuPerStepUs'), chain.ours.cpu);
    rows.push([
      'per-step overhead ≥ 10× lower than LangGraph.js and Mastra (wall time)',
      `LangGraph ${times(lg)}, Mastra ${times(ma)} lower`,
      mark(lg >= 10 && ma >= 10),
    ]);
    rows.push([
      'per-step overhead ≥ 10× lower than LangGraph.js and Mastra (CPU time)',
      `LangGraph ${times(lgc)}, Mastra ${times(mac)} lower`,
      mark(lgc >= 10 && mac >= 10),
    ]);
    const lb = ratio(pooled(results.chain.langgraph, 'wcharPerStep'), chain.ours.bytes);
    const mb = ratio(pooled(results.chain.mastra, 'wcharPerStep'), chain.ours.bytes);
    rows.push([
      'bytes written per step ≤ 1/10 of theirs',
      `LangGraph ${times(lb)}, Mastra ${times(mb)} fewer`,
      mark(lb >= 10 && mb >= 10),
    ]);
  }
  if (results.kill) {
    const good = ok(results.kill.ax);
    const worst = good.length ? Math.max(...good.map((r) => r.completedStepsRunAgain)) : Number.NaN;
    rows.push([
      'zero completed steps re-run on resume',
      good.length ? `max ${worst} over ${good.length} kills` : 'failed',
      mark(good.length ? worst === 0 : false),
    ]);
  }
  if (results.provider && !results.provider.failed) {
    const r = summary(results.provider.overhead.routerOverheadMs).median;
    const p = summary(results.provider.overhead.portkeyOverheadMs).median;
    rows.push([
      "router overhead below Portkey's",
      `router ${fmt(r, 2)} ms, Portkey ${fmt(p, 2)} ms`,
      mark(r < p),
    ]);
    const all = results.provider.faults.filter((f) => f.router.every((x) => x.survived)).length;
    const pk = results.provider.faults.filter((f) => f.portkey.every((x) => x.survived)).length;
    const n = results.provider.faults.length;
    rows.push([
      'every fault scenario survived (router)',
      `router ${all}/${n}, Portkey ${pk}/${n}`,
      mark(all === n),
    ]);
  }
  return {
    title: 'Goals of the issue',
    headers: ['goal', 'measured', 'verdict'],
    rows,
    notes: whyMissed(results, rows),
  };
}

function sections(results) {
  const out = [];
  const chain = results.chain ? chainSection(results.chain) : undefined;
  out.push(goalSection(results, chain));
  if (chain) out.push(chain);
  if (results.fanout) out.push(fanoutSection(results.fanout));
  if (results.model) out.push(modelSection(results.model));
  if (results.kill) out.push(killSection(results.kill));
  if (results.provider) out.push(...providerSections(results.provider));
  if (results.micro) {
    for (const [file, entry] of Object.entries(results.micro)) {
      out.push({
        title: `Micro-benchmark: bench/${file}`,
        headers: ['figure', 'value'],
        rows: entry.figures ? flatten(entry.figures) : [['left out', entry.skipped]],
        notes: entry.seconds
          ? [`took ${entry.seconds.toFixed(1)} s; one run, figures as the bench file reports them.`]
          : [],
        micro: true,
      });
    }
  }
  return out;
}

const machineLines = (m) => [
  `${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGiB, 1)} GiB, Linux ${m.kernel}, Node ${m.node}, commit ${m.commit}, ${m.date}`,
  `load average (as uptime prints it) before: ${m.loadBefore.map((v) => v.toFixed(2)).join(' ')} · after: ${m.loadAfter.map((v) => v.toFixed(2)).join(' ')} (1/5/15 min; the bench itself adds about 1–2) on ${m.cores} cores; ${m.loadBefore[0] > m.cores / 2 ? 'other work was running, so absolute figures are noisy' : 'the machine was otherwise quiet'} — the peers ran interleaved with ours in the same run, so the ratios are the figures to read.`,
  `whole run: ${fmt(m.minutes, 1)} min`,
];

export function renderConsole(results, machine) {
  const lines = ['', ...machineLines(machine), ''];
  for (const section of sections(results)) {
    lines.push(section.title);
    const widths = section.headers.map((h, i) =>
      Math.max(h.length, ...section.rows.map((r) => String(r[i]).length)),
    );
    const row = (cells) => `  ${cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')}`;
    lines.push(row(section.headers), ...section.rows.map(row));
    for (const note of section.notes) if (note) lines.push(`  · ${note}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

const md = (cell) => String(cell).replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderMarkdown(results, machine, peerVersions) {
  const parts = [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/run.mjs); edit the generator, not this part (the hand-written sections below their marker are kept). -->',
    '',
    'AutomatosX side by side with LangGraph.js, Mastra and the Portkey gateway on the same machine, in the',
    'same run, on the same work; then our own micro-benchmarks. Figures are medians with min–max over',
    'repeated runs; "theirs ÷ ours" above 1 means ours is lower (faster, smaller).',
    '',
    'Run it: `npm run bench` (about 8 minutes on 2 cores; installs `bench/peers` and builds `dist/` when needed).',
    '`node bench/run.mjs --quick` does one repetition; `--only chain,fanout,model,kill,provider,micro` picks',
    "workloads without rewriting this file. The bench's own logic is checked by `node --test bench/workloads/report.test.mjs`.",
    results.quick ? '\n**This file was written by a `--quick` run (fewer repetitions).**\n' : '',
    '## Machine',
    '',
    ...machineLines(machine).map((l) => `- ${l}`),
    `- peers: ${Object.entries(peerVersions)
      .map(([n, v]) => `${n} ${v}`)
      .join(', ')}`,
    '',
  ];
  let microStarted = false;
  for (const section of sections(results)) {
    if (section.micro && !microStarted) {
      microStarted = true;
      parts.push(
        '## Our own micro-benchmarks',
        '',
        'Run by `npm run bench` with `--json`; a bench file without `--json` output is listed as left out.',
        '',
      );
    }
    parts.push(`${section.micro ? '###' : '##'} ${section.title}`, '');
    parts.push(
      `| ${section.headers.map(md).join(' | ')} |`,
      `| ${section.headers.map(() => '---').join(' | ')} |`,
    );
    for (const row of section.rows) parts.push(`| ${row.map(md).join(' | ')} |`);
    parts.push('');
    for (const note of section.notes) if (note) parts.push(`- ${note}`);
    if (section.notes.some(Boolean)) parts.push('');
  }
  parts.push('## How each engine was used', '', ...peerNotes, '');
  return `${parts.join('\n')}\n`;
}
