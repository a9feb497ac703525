// LangGraph.js adapter, following the LangGraph.js docs ("Persistence", "Durable execution",
// "Graph API": StateGraph + Annotation, compile({ checkpointer }), invoke with a thread_id) and the
// @langchain/langgraph-checkpoint-sqlite README (SqliteSaver.fromConnString).
// Non-default settings: recursionLimit raised above the step count (default 25 would stop a 100-step
// chain); PRAGMA synchronous=NORMAL on the saver's connection so the durability of a commit matches
// ours (SqliteSaver turns on WAL but leaves synchronous at SQLite's default FULL). durability is the
// default 'async' unless the workload asks for 'sync'.
import { createRequire } from 'node:module';
import { stepKey } from '../lib.mjs';

const require = createRequire(new URL('../../peers/package.json', import.meta.url));
const { Annotation, END, START, StateGraph } = await import(require.resolve('@langchain/langgraph'));
const { SqliteSaver } = await import(require.resolve('@langchain/langgraph-checkpoint-sqlite'));

// A counter with a reducer: parallel branches may all write it in the same super-step.
const State = Annotation.Root({ done: Annotation({ reducer: (a, b) => a + b, default: () => 0 }) });

export async function open({ dbPath, work, durability = 'async', synchronous = 'NORMAL' }) {
  const checkpointer = SqliteSaver.fromConnString(dbPath);
  checkpointer.setup?.();
  if (synchronous) checkpointer.db.pragma(`synchronous = ${synchronous}`);
  const node = (key) => async () => {
    await work(key);
    return { done: 1 };
  };
  const graphs = new Map();
  const build = (kind, n) => {
    const graph = new StateGraph(State);
    for (let i = 0; i < n; i++) graph.addNode(stepKey(i), node(stepKey(i)));
    if (kind === 'chain') {
      graph.addEdge(START, 's0');
      for (let i = 1; i < n; i++) graph.addEdge(stepKey(i - 1), stepKey(i));
      graph.addEdge(stepKey(n - 1), END);
    } else {
      const mids = Array.from({ length: n - 2 }, (_, i) => stepKey(i + 1));
      graph.addEdge(START, 's0');
      for (const key of mids) graph.addEdge('s0', key);
      graph.addEdge(mids, stepKey(n - 1));
      graph.addEdge(stepKey(n - 1), END);
    }
    return graph.compile({ checkpointer });
  };
  const compiled = (kind, n) => {
    const key = `${kind}-${n}`;
    if (!graphs.has(key)) graphs.set(key, build(kind, n));
    return graphs.get(key);
  };
  const config = (n, id) => ({ configurable: { thread_id: id }, recursionLimit: n + 10, durability });
  const check = (state, n) => {
    if (state.done !== n) throw new Error(`langgraph run ended with ${state.done} of ${n} steps done`);
    return state;
  };
  return {
    synchronous: checkpointer.db.pragma('synchronous', { simple: true }),
    chain: async (n, id) => {
      return check(await compiled('chain', n).invoke({ done: 0 }, config(n, id)), n);
    },
    fanout: async (n, id) => {
      return check(await compiled('fanout', n).invoke({ done: 0 }, config(n, id)), n);
    },
    // Docs: resume an interrupted thread by invoking with null input and the same thread_id.
    resume: async (id, n = 100) => check(await compiled('chain', n).invoke(null, config(n, id)), n),
    close: async () => checkpointer.db?.close?.(),
  };
}
