// The prose of docs/benchmarks.md that does not come from figures: how each engine was used (docs
// followed, settings that differ from defaults) and, for each missed goal, why.

export const peerNotes = [
  '- **AutomatosX** (this repo, built `dist/`): `createEngine` + `createSqliteWorkflowStore` (node:sqlite, WAL,',
  '  `synchronous=NORMAL`, 1 KiB pages for new databases; every step transition is an appended event row, committed before the next step',
  '  starts — about one commit per step in the chain); steps are `run` steps with a custom executor.',
  '  Defaults, except `maxConcurrentRuns: 200` in workload 3 (the default',
  '  16 would queue 184 of the 200 runs). Model calls go through `ProviderRouter` with one',
  '  `createSdkAdapter({ kind: "openai-compatible" })` entry. Resume: `engine.resume(executionId)` in a new process.',
  '  Fault scenarios: primary `maxRetries: 1`, `timeoutMs: 1000`, backup `maxRetries: 1`, default backoff',
  '  (full jitter, base 1 s), and the opt-in `restartInterruptedStreams: true`.',
  '- **LangGraph.js** — docs followed: "Persistence" and "Durable execution"',
  '  (docs.langchain.com/oss/javascript/langgraph/persistence, …/durable-execution, durability modes',
  '  `"exit" | "async" | "sync"`, default `"async"`), the `@langchain/langgraph-checkpoint-sqlite` reference',
  '  (reference.langchain.com/javascript/langchain-langgraph-checkpoint-sqlite): `StateGraph` over an',
  '  `Annotation.Root` state (a counter with a reducer so parallel branches can write it), `SqliteSaver.fromConnString(file)`,',
  '  `compile({ checkpointer })`, `invoke(input, { configurable: { thread_id } })`; resume after a crash with',
  '  `invoke(null, { configurable: { thread_id } })`. Models: `ChatOpenAI` from `@langchain/openai` with',
  '  `configuration.baseURL`. Non-default settings: `recursionLimit` = steps + 10 (the default 25 stops a',
  "  100-step chain); `PRAGMA synchronous = NORMAL` on the saver's connection (SqliteSaver turns on WAL but",
  "  leaves SQLite's default `FULL`, which would fsync every checkpoint and make the comparison unfair to it);",
  '  rows for both the default `durability: "async"` and `"sync"`. Install: npm `overrides` pins',
  '  `better-sqlite3` 13.x (12.x, which the saver asks for, aborts Node ≥ 24.19 during garbage collection).',
  '- **Mastra** — docs followed: "Workflows overview" (mastra.ai/docs/workflows/overview: `createStep`,',
  '  `createWorkflow().then()/.parallel()/.commit()`, `createRun().start()`), the LibSQL storage reference',
  '  (mastra.ai/reference/storage/libsql: `new LibSQLStore({ id, url: "file:…" })` on the `Mastra` instance, so',
  '  every run persists its snapshot), `Run.restart()` for a run whose process died',
  '  (mastra.ai/reference/workflows/run-methods/restart: "restarts an active workflow run that lost connection"), and "Models"',
  '  (mastra.ai/models: an OpenAI-compatible model given as `{ id, url, apiKey }`, called through an `Agent`',
  '  inside each step). LibSQLStore sets WAL and `synchronous=NORMAL` itself. Non-default setting:',
  '  `logger: false` (console output would be counted as bytes written).',
  '- **Portkey gateway** — started as its README says for a local gateway',
  '  (`node build/start-server.js --port=… --headless`); routing with the `x-portkey-config` header',
  '  (portkey.ai/docs/product/ai-gateway/configs): `provider: "openai"` + `custom_host` to the simulator;',
  '  in the fault scenarios `strategy.mode: "fallback"` over two targets, the primary with',
  '  `retry: { attempts: 1, use_retry_after_header: true }` and `request_timeout: 1000` (Portkey docs',
  '  "Automatic Retries", "Request Timeouts"; without a timeout a hung upstream is never abandoned). The',
  '  client is the same AI SDK OpenAI-compatible chat client used for the direct calls. Install: npm',
  '  `overrides` pins `@hono/node-server` 1.13.8 (newer versions fail every `stream: true` request with',
  '  `TypeError: immutable`, upstream issue #1389).',
  '- **Reference row** in table 1: not an engine; one ~100-byte row inserted and committed per step with',
  "  a database opened by our store's own `openDatabase` (same mode and page size) — the least any engine that makes every step durable on its own",
  '  can spend in time and bytes on this machine.',
  '- The simulator (`dist/simulator`) runs in its own process in workloads 3 and 5, so it never shares an',
  '  event loop with the engine being measured. Every workload runs in fresh child processes; engines are',
  '  interleaved repetition by repetition so that load changes on the shared machine hit all of them.',
];

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const share = (results, engine) => {
  const runs = (results.chain?.[engine] ?? []).filter((r) => !r.failed);
  const wall = median(runs.flatMap((r) => r.perStepUs));
  const cpu = median(runs.flatMap((r) => r.cpuPerStepUs ?? []));
  return wall && cpu ? `${(wall / cpu).toFixed(1)}` : '–';
};

/** One note per missed goal, saying why; rows are the goal rows [goal, measured, verdict]. */
export function whyMissed(results, rows) {
  const notes = [];
  for (const [goal, , verdict] of rows) {
    if (!verdict.includes('MISSED')) continue;
    if (goal.startsWith('bytes written')) {
      const bytes = (engine) =>
        median((results.chain?.[engine] ?? []).filter((r) => !r.failed).flatMap((r) => r.wcharPerStep));
      const target = Math.min(bytes('langgraph'), bytes('mastra')) / 10;
      const floor = bytes('sqlite-floor');
      notes.push(
        `Why the bytes goal is missed: a tenth of the peers' figure is ${Math.round(target).toLocaleString('en-US')} bytes per step. In WAL mode every commit appends whole page frames (page size + 24 bytes) however small the row, so any engine that makes each step durable on its own writes at least one frame per step, plus the checkpoint that later copies those pages into the database file: the reference row (one ~100-byte row committed per step, same SQLite and mode) wrote ${floor ? Math.round(floor).toLocaleString('en-US') : '–'} bytes per step; we wrote ${Math.round(bytes('ax')).toLocaleString('en-US')} (about one commit per step, so already near that floor). The peers write one larger checkpoint or snapshot per step. Reaching a tenth would need fewer than one commit per step (group commit of several steps, giving up per-step durability) or a smaller page size — an engine/store design decision, not something the benchmark may paper over.`,
      );
    } else if (goal.startsWith('per-step overhead')) {
      notes.push(
        goal.includes('wall')
          ? `Why the per-step goal is missed on wall time: the machine was shared (see the load in the Machine section), so every process ran only part of the time — wall ÷ CPU time per step was ${share(results, 'ax')} for AutomatosX, ${share(results, 'langgraph')} for LangGraph.js and ${share(results, 'mastra')} for Mastra. How much of a core each process got differs from run to run, which moves the wall-time ratios; the CPU-time row is each engine's own cost per step, measured in the same run.`
          : "Why the per-step goal is missed on CPU time: see table 1; this is each engine's own cost per step (for us: two durable commits and the event fold), measured in the same run as the peers.",
      );
    } else if (goal.startsWith('zero completed')) {
      notes.push(
        'Why the resume goal is missed: completed steps ran again after the kill; see table 4 for how many in each run.',
      );
    } else if (goal.startsWith('router overhead')) {
      notes.push(
        'Why the router-overhead goal is missed: see table 5a; both figures are sub-millisecond-to-millisecond differences measured against 20 ms calls on a loaded machine.',
      );
    } else if (goal.startsWith('every fault')) {
      const lost = (results.provider?.faults ?? [])
        .filter((f) => !f.router.every((x) => x.survived))
        .map((f) => f.name);
      notes.push(
        `Why the fault goal is missed: the router did not survive ${lost.join(', ')} (see table 5b for what the caller got).`,
      );
    }
  }
  return notes;
}
