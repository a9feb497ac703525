export * from './agents/index.js';
export * from './errors/index.js';
export * from './providers/index.js';
export * from './simulator/index.js';
export * from './store/index.js';
export * from './workflows/index.js';
