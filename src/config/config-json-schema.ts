import { z } from 'zod';
import { automatosxConfigEditorSchema } from './config-schema.js';

/**
 * JSON Schema for `automatosx.config.json`, generated from the zod schema (the single source of truth)
 * so editors can complete and check the file. Input shape: defaults are optional for the person writing it.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(automatosxConfigEditorSchema, { io: 'input', unrepresentable: 'any' });
  return { $id: 'https://automatosx.dev/schema/automatosx.config.schema.json', ...schema };
}
