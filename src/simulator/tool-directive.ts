/** `[[tool:NAME {json}]]` in a user message asks the simulator to call NAME with that JSON input. */
export interface ToolDirective {
  name: string;
  input: Record<string, unknown>;
}

const directivePattern = /\[\[tool:([\w.-]+)(?:\s+(\{[\s\S]*?\}))?\s*\]\]/g;

/** Every directive in the text, in order; a directive whose JSON does not parse is reported, not guessed. */
export function parseToolDirectives(text: string): Array<ToolDirective | { name: string; error: string }> {
  const found: Array<ToolDirective | { name: string; error: string }> = [];
  for (const match of text.matchAll(directivePattern)) {
    const name = match[1] ?? '';
    const json = match[2];
    if (json === undefined) {
      found.push({ name, input: {} });
      continue;
    }
    try {
      const input: unknown = JSON.parse(json);
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        found.push({ name, error: 'the input must be a JSON object' });
      } else {
        found.push({ name, input: input as Record<string, unknown> });
      }
    } catch (error) {
      found.push({ name, error: `the input is not valid JSON (${(error as Error).message})` });
    }
  }
  return found;
}
