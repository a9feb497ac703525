import { InvalidInputError } from '../errors/index.js';

const operators = new Set(['AND', 'OR', 'NOT']);

/**
 * Turns what a person types into an FTS5 MATCH expression that cannot be a syntax error: every word
 * is quoted, `"a phrase"` stays a phrase (an unterminated quote runs to the end), `AND`/`OR`/`NOT`
 * in capitals stay operators where they sit between two terms (others are joined by
 * `defaultOperator`), and a trailing `*` asks for a prefix.
 * Punctuation inside a word (`foo.bar`, `a::b`) makes it a phrase of its parts. Throws
 * InvalidInputError when nothing searchable is left (`""`, `***`).
 */
export function toFtsQuery(input: string, options: { defaultOperator?: 'AND' | 'OR' } = {}): string {
  const defaultOperator = options.defaultOperator ?? 'AND';
  const items: string[] = [];
  let pendingOperator: string | undefined;
  const pushTerm = (term: string) => {
    if (items.length > 0) items.push(pendingOperator ?? defaultOperator);
    items.push(term);
    pendingOperator = undefined;
  };
  const pattern = /"([^"]*)("?)|(\S+)/g;
  for (const match of input.matchAll(pattern)) {
    const [, phrase, , word] = match;
    if (phrase !== undefined) {
      const parts = wordsOf(phrase);
      if (parts.length > 0) pushTerm(quote(parts));
      continue;
    }
    if (word === undefined) continue;
    if (operators.has(word)) {
      // An operator only means something between two terms; elsewhere it is dropped.
      if (items.length > 0) pendingOperator = word;
      continue;
    }
    const prefix = word.endsWith('*');
    const parts = wordsOf(word);
    if (parts.length > 0) pushTerm(`${quote(parts)}${prefix ? '*' : ''}`);
  }
  if (items.length === 0) {
    throw new InvalidInputError(
      `search query ${JSON.stringify(input)} has no words to search for; type at least one letter or digit`,
      { code: 'empty-search-query' },
    );
  }
  return items.join(' ');
}

/** The words of a query term, as the index's tokenizer sees them (letters, digits, underscore). */
export function wordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}_]+/u).filter((part) => part.length > 0);
}

function quote(parts: string[]): string {
  return `"${parts.join(' ')}"`;
}
