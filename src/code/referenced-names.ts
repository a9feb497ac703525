const identifier = /[A-Za-z_][A-Za-z0-9_]{2,}/g;

/**
 * The identifiers a file mentions, with how often, packed as `name:count` words (`parsePoint:3 Point:5`).
 * The repository map joins them with the definitions of other files to build its graph of which file
 * uses which. Taken from the text rather than the syntax tree: a name in a string or comment is a weak
 * reference, but one regular-expression pass costs a fraction of a query per language, and the names
 * that count are the ones some file defines. Names shorter than three characters are left out.
 */
export function referencedNames(text: string): string {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(identifier)) {
    const name = match[0];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let packed = '';
  for (const [name, count] of counts) packed += packed ? ` ${name}:${count}` : `${name}:${count}`;
  return packed;
}

/** The inverse of `referencedNames`. */
export function unpackReferencedNames(packed: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!packed) return counts;
  for (const word of packed.split(' ')) {
    const colon = word.lastIndexOf(':');
    counts.set(word.slice(0, colon), Number(word.slice(colon + 1)));
  }
  return counts;
}
