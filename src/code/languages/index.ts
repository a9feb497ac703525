import type { LanguageSpec } from '../language-spec.js';
import { cFamilyLanguages } from './c-family.js';
import { dataLanguages } from './data.js';
import { functionalLanguages } from './functional.js';
import { scriptingLanguages } from './scripting.js';
import { webLanguages } from './web.js';

/** Every supported language, in the order `docs/languages.md` lists them. */
export const languageSpecs: readonly LanguageSpec[] = [
  ...cFamilyLanguages,
  ...webLanguages,
  ...scriptingLanguages,
  ...functionalLanguages,
  ...dataLanguages,
];
