export type { Chunk } from './chunker.js';
export { chunkFile } from './chunker.js';
export {
  type CodeIndex,
  type CodeIndexOptions,
  createCodeIndex,
  type FileRange,
  maxReadLines,
  type ReadRangeRequest,
} from './code-index.js';
export type { IndexOptions, IndexProgress, IndexReport, PartialFile } from './code-indexer.js';
export type { CodeStats, SearchHit, SearchOptions, SymbolHit, SymbolQuery } from './code-queries.js';
export { codeMigrations } from './code-schema.js';
export type { CodeSymbol } from './code-symbol.js';
export { type CodeToolInput, codeToolDescription, codeToolInputSchema, runCodeTool } from './code-tool.js';
export { defaultExcludes, defaultMaxFileBytes, type SkippedPath } from './file-walker.js';
export { findReferences, type ReferenceHit, type ReferenceOptions } from './find-references.js';
export { toFtsQuery } from './fts-query.js';
export { grammarPath, loadGrammar, parserFor, preloadGrammars } from './grammar-loader.js';
export { languageById, languageForPath, supportedLanguages } from './language-registry.js';
export {
  type GrammarLanguageSpec,
  type GrammarSource,
  hasGrammar,
  kindsOf,
  type LanguageSpec,
  type OutlineLanguageSpec,
  SymbolKind,
  symbolKinds,
} from './language-spec.js';
export { type PageRankOptions, pageRank, type RankEdge } from './page-rank.js';
export { referencedNames, unpackReferencedNames } from './referenced-names.js';
export {
  buildRepositoryMap,
  defaultMapTokens,
  type MappedFile,
  type MappedSymbol,
  type RepositoryMap,
  type RepositoryMapOptions,
} from './repository-map.js';
export { repositoryMapContext } from './repository-map-context.js';
export { extractSymbols } from './symbol-extractor.js';
