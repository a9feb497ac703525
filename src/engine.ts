/**
 * `automatosx/engine`: the durable workflow engine and its stores without the agent system, the
 * provider router or code intelligence, for programs that run their own step executors. The package's
 * main entry (`automatosx`) re-exports all of this too.
 */
export * from './store/index.js';
export * from './workflows/index.js';
