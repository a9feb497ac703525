/**
 * Limits that keep hostile workflow, agent-profile and config files from exhausting the parser:
 * nesting depth (checked before parsing) and YAML alias expansion.
 */
export {
  aliasLimitMessage,
  excessiveNesting,
  firstAlias,
  type LimitIssue,
  maxAliasCount,
  maxNestingDepth,
} from './nesting-depth.js';
