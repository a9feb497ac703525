import { basename, extname } from 'node:path';
import type { LanguageSpec } from './language-spec.js';
import { languageSpecs } from './languages/index.js';

const byExtension = new Map<string, LanguageSpec>();
const byFileName = new Map<string, LanguageSpec>();
const byId = new Map<string, LanguageSpec>();
for (const spec of languageSpecs) {
  byId.set(spec.id, spec);
  for (const extension of spec.extensions) {
    // `.R` and `.r` are both R; other extensions are matched without regard to case.
    if (!byExtension.has(extension.toLowerCase())) byExtension.set(extension.toLowerCase(), spec);
  }
  for (const fileName of spec.fileNames ?? []) byFileName.set(fileName, spec);
}

/** The language of a file from its name, or undefined when no supported grammar covers it. */
export function languageForPath(path: string): LanguageSpec | undefined {
  const name = basename(path);
  return byFileName.get(name) ?? byExtension.get(extname(name).toLowerCase());
}

export function languageById(id: string): LanguageSpec | undefined {
  return byId.get(id);
}

export function supportedLanguages(): readonly LanguageSpec[] {
  return languageSpecs;
}
