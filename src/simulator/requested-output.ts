import { asArray, asRecord, asString } from './sim-request.js';

/**
 * A structured answer the request asks for: the JSON Schema (`undefined` for plain JSON mode, which
 * names no schema) and, when the SDK asks through a forced JSON tool rather than a response format,
 * that tool's name, so the answer is a call of it.
 */
export interface SimOutputRequest {
  schema: Record<string, unknown> | undefined;
  tool?: string;
}

/** The SDKs name their JSON-answer tool `json` (Gemini: `json_1`… when a user tool is already `json`). */
const jsonToolName = /^json(_\d+)?$/;

function schemaOf(value: unknown): Record<string, unknown> | undefined {
  const record = asRecord(value);
  return Object.keys(record).length > 0 ? record : undefined;
}

function anthropicOutput(body: Record<string, unknown>): SimOutputRequest | undefined {
  const format = asRecord(asRecord(body.output_config).format);
  if (format.type === 'json_schema') return { schema: schemaOf(format.schema) };
  const choice = asRecord(body.tool_choice);
  if (choice.type !== 'any' && choice.type !== 'tool') return undefined;
  for (const raw of asArray(body.tools)) {
    const tool = asRecord(raw);
    const name = asString(tool.name);
    if (jsonToolName.test(name) && (choice.type === 'any' || choice.name === name)) {
      return { schema: schemaOf(tool.input_schema), tool: name };
    }
  }
  return undefined;
}

function chatOutput(body: Record<string, unknown>): SimOutputRequest | undefined {
  const format = asRecord(body.response_format);
  if (format.type === 'json_schema') return { schema: schemaOf(asRecord(format.json_schema).schema) };
  if (format.type === 'json_object') return { schema: undefined };
  return undefined;
}

function responsesOutput(body: Record<string, unknown>): SimOutputRequest | undefined {
  const format = asRecord(asRecord(body.text).format);
  if (format.type === 'json_schema') return { schema: schemaOf(format.schema) };
  if (format.type === 'json_object') return { schema: undefined };
  return undefined;
}

function geminiOutput(body: Record<string, unknown>): SimOutputRequest | undefined {
  const config = asRecord(body.generationConfig);
  if (config.responseMimeType === 'application/json') {
    return { schema: schemaOf(config.responseJsonSchema) ?? schemaOf(config.responseSchema) };
  }
  const calling = asRecord(asRecord(body.toolConfig).functionCallingConfig);
  if (calling.mode !== 'ANY') return undefined;
  const allowed = asArray(calling.allowedFunctionNames).map((name) => asString(name));
  for (const tool of asArray(body.tools)) {
    for (const raw of asArray(asRecord(tool).functionDeclarations)) {
      const declaration = asRecord(raw);
      const name = asString(declaration.name);
      if (!jsonToolName.test(name) || (allowed.length > 0 && !allowed.includes(name))) continue;
      return {
        schema: schemaOf(declaration.parametersJsonSchema) ?? schemaOf(declaration.parameters),
        tool: name,
      };
    }
  }
  return undefined;
}

/** Reads the structured-output request out of a body in any of the wire formats the simulator speaks. */
export function requestedOutput(
  api: 'messages' | 'chat' | 'responses' | 'gemini',
  body: Record<string, unknown>,
): SimOutputRequest | undefined {
  switch (api) {
    case 'messages':
      return anthropicOutput(body);
    case 'chat':
      return chatOutput(body);
    case 'responses':
      return responsesOutput(body);
    case 'gemini':
      return geminiOutput(body);
  }
}
