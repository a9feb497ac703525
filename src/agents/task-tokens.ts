/**
 * Turns text into routing terms: lower-case words, punctuation inside names folded (`Node.js` and
 * `nodejs`, `CI/CD` and `cicd` meet), hyphenated words split, and a light suffix stemmer so that
 * `tests`, `testing` and `tested` meet `test`. Tasks and profiles go through the same function, so
 * the stemmer only needs to be consistent, not linguistically right.
 */

const wordPattern = /[a-z0-9][a-z0-9+#]*(?:[./][a-z0-9+#]+)*/g;

/** Words that carry no routing signal on their own; still kept inside phrases such as "clean up". */
export const stopWords: ReadonlySet<string> = new Set(
  (
    'a an the and or but of to in on at by for from with without into onto about over under as is are was were be ' +
    'been being it its this that these those there here we our us you your i me my they their them he she his her ' +
    'do does did done can could should would will shall may might must need needs want wants please make made new ' +
    'some any all each every more most other such than then so very just also not no yes how what why which who ' +
    'when where while if else get got set up out off one two via per let help us ask using use used'
  ).split(' '),
);

const stemCache = new Map<string, string>();

export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (stemCache.size < 50_000) stemCache.set(word, w);
  return w;
}

/**
 * The terms of a text, in order, stop words included (phrases need them; unigram matching skips them).
 * `surface`, when given, receives the words as written (lower-cased), one per term, for explanations.
 */
export function tokenize(text: string, surface?: string[]): string[] {
  const words = text.toLowerCase().replaceAll('-', ' ').match(wordPattern);
  if (!words) return [];
  const terms: string[] = [];
  surface?.push(...words);
  for (const word of words) {
    const folded =
      word.includes('.') || word.includes('/') ? word.replaceAll('.', '').replaceAll('/', '') : word;
    terms.push(stopWords.has(folded) ? folded : stem(folded));
  }
  return terms;
}

/** A keyword or phrase as an index key: its terms joined by a space. */
export function phraseKey(text: string): string {
  return tokenize(text).join(' ');
}
