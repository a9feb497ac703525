export {
  type MemoryEntry,
  MemoryKind,
  memoryEntrySchema,
  type NewMemory,
  normalizeTags,
} from './memory-entry.js';
export { memoryMigrations } from './memory-schema.js';
export {
  createMemory,
  defaultRetention,
  estimateTokens,
  type ImportReport,
  type Memory,
  type MemoryContext,
  type MemoryFilter,
  type MemoryOptions,
  type MemorySearchHit,
  type RetentionPolicy,
} from './memory-store.js';
export {
  type MemoryToolContext,
  type MemoryToolInput,
  memoryToolDescription,
  memoryToolInputSchema,
  runMemoryTool,
} from './memory-tool.js';
