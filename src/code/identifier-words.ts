const compound = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]|[A-Za-z0-9][_$][A-Za-z0-9]/;

/**
 * The parts of compound identifiers in a text (`parseConfigFile` → `parse config file`,
 * `MAX_SIZE` → `max size`), so that a search for "config file" finds `parseConfigFile`. Simple
 * words are left out: the text itself is indexed too.
 */
export function identifierWords(text: string): string {
  const seen = new Set<string>();
  const words = new Set<string>();
  for (const match of text.matchAll(/[A-Za-z_$][A-Za-z0-9_$]{2,}/g)) {
    const identifier = match[0];
    if (seen.has(identifier)) continue;
    seen.add(identifier);
    // Most identifiers are plain words; test before paying for the replaces and the split.
    if (!compound.test(identifier)) continue;
    const parts = identifier
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .split(/[\s_$]+/);
    for (const part of parts) if (part.length > 1) words.add(part.toLowerCase());
  }
  return [...words].join(' ');
}
