export * from './workflow-schema.js';
