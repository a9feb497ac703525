import { z } from 'zod';
import { OutputJsonSchema, WorkflowSchema } from './workflow-schema.js';

const draft07MetaSchema = 'http://json-schema.org/draft-07/schema#';

/**
 * The JSON Schema editors use to check and complete workflow files, derived from the zod schema so the
 * two never disagree. `io: 'input'` describes what a person may write (defaults make fields optional).
 * scripts/generate-schema.mjs writes it to schema/workflow.schema.json; a test keeps that file current.
 */
export function workflowJsonSchema(): string {
  const schema = z.toJSONSchema(WorkflowSchema, {
    io: 'input',
    unrepresentable: 'any',
    // A step's output schema is itself a JSON Schema: editors check and complete it with the meta-schema.
    override: (context) => {
      if (context.zodSchema === OutputJsonSchema) {
        const description = context.jsonSchema.description;
        for (const key of Object.keys(context.jsonSchema)) delete context.jsonSchema[key];
        Object.assign(context.jsonSchema, { $ref: draft07MetaSchema, description });
      }
    },
  });
  const document = {
    ...schema,
    $id: 'https://automatosx.dev/schema/workflow.schema.json',
    title: 'AutomatosX workflow',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
