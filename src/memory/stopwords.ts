/**
 * Common English words that say nothing about what a memory is about. Memory search joins words with
 * OR (any may match, more matches rank higher), so without this "the" alone would pull in every entry.
 */
const stopwords = new Set(
  `a an and are as at be been but by can could did do does for from had has have how i if in into is it its
  me my no not of on or our should so than that the their them then there these they this those to too
  was we were what when where which while who why will with would you your add use make get set fix`.split(
    /\s+/,
  ),
);

/** Drops stopwords from a plain query; a query made only of stopwords, or with quotes or operators, is left alone. */
export function withoutStopwords(query: string): string {
  if (/["*]|\b(AND|OR|NOT)\b/.test(query)) return query;
  const words = query.split(/\s+/).filter(Boolean);
  const kept = words.filter((word) => !stopwords.has(word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')));
  return kept.length > 0 ? kept.join(' ') : query;
}
