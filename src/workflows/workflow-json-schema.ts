import { z } from 'zod';
import { WorkflowSchema } from './workflow-schema.js';

/**
 * The JSON Schema editors use to check and complete workflow files, derived from the zod schema so the
 * two never disagree. `io: 'input'` describes what a person may write (defaults make fields optional).
 * scripts/generate-schema.mjs writes it to schema/workflow.schema.json; a test keeps that file current.
 */
export function workflowJsonSchema(): string {
  const schema = z.toJSONSchema(WorkflowSchema, { io: 'input', unrepresentable: 'any' });
  const document = {
    ...schema,
    $id: 'https://automatosx.dev/schema/workflow.schema.json',
    title: 'AutomatosX workflow',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
