import { describeOutputIssues, type OutputIssue } from './output-issue.js';
import type { OutputSpec } from './output-spec.js';

/**
 * Told to the model with the request. Providers with a structured-output mode get the schema there too;
 * saying it in words also reaches models that have none (CLI tools, servers without JSON mode).
 */
export function outputInstruction(spec: OutputSpec): string {
  return (
    'Your final answer must be one JSON value that conforms to this JSON Schema, with no text around it:\n' +
    JSON.stringify(spec.jsonSchema)
  );
}

/** The one repair request after an answer that did not match: what was wrong, path by path. */
export function repairRequest(issues: readonly OutputIssue[]): string {
  return (
    `Your answer does not match the required JSON Schema: ${describeOutputIssues(issues)}. ` +
    'Answer again with only the corrected JSON value.'
  );
}
