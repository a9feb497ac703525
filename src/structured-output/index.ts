export { checkJsonSchema, type SchemaProblem } from './check-json-schema.js';
export {
  compileJsonSchema,
  type JsonSchema,
  type SchemaCheck,
  validateJsonSchema,
} from './json-schema-validator.js';
export { describeOutputIssues, jsonPointer, type OutputIssue } from './output-issue.js';
export { outputInstruction, repairRequest } from './output-prompts.js';
export { OutputSchemaError } from './output-schema-error.js';
export {
  checkAnswer,
  type OutputOption,
  type OutputSpec,
  outputRequestOf,
  outputSpecOf,
} from './output-spec.js';
export { parseJsonAnswer } from './parse-json-answer.js';
export { lookupProperty, type PropertyLookup, schemaTypes } from './schema-property.js';
