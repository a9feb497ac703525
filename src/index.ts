export * from './errors/index.js';
export * from './store/index.js';
export * from './workflows/index.js';
