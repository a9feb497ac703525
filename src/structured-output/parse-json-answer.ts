import type { OutputIssue } from './output-issue.js';

export type ParsedAnswer = { ok: true; value: unknown } | { ok: false; issue: OutputIssue };

/**
 * The JSON value in a model's answer. Structured-output modes return bare JSON; a model asked through
 * its prompt alone (a CLI provider, a server without JSON mode) often wraps it in a ```json fence or a
 * sentence, so the fenced block, else the outermost `{…}` or `[…]`, is tried after the whole text.
 */
export function parseJsonAnswer(text: string): ParsedAnswer {
  const trimmed = text.trim();
  const candidates = [trimmed];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(trimmed);
  if (fenced?.[1] !== undefined) candidates.push(fenced[1].trim());
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const start = trimmed.indexOf(open);
    const end = trimmed.lastIndexOf(close);
    if (start !== -1 && end > start) candidates.push(trimmed.slice(start, end + 1));
  }
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // Try the next reading of the text.
    }
  }
  const shown = trimmed.length > 80 ? `${trimmed.slice(0, 80)}…` : trimmed;
  return {
    ok: false,
    issue: {
      path: '',
      message:
        trimmed === ''
          ? 'the answer is empty; expected a JSON value'
          : `the answer is not JSON: ${JSON.stringify(shown)}`,
    },
  };
}
