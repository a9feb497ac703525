import type { LanguageSpec } from '../language-spec.js';

/** Patterns that JavaScript, TypeScript and TSX share (their grammars name these nodes alike). */
const scriptPatterns = `
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(method_definition name: (_) @name) @definition.method
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(program [
  (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)
  (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable))
])
(import_statement source: (string) @name) @definition.import
`;

/**
 * TypeScript syntax that the published grammars (tree-sitter-typescript 0.23.2, upstream's latest
 * included) parse as a syntax error, blanked to spaces before parsing: same length, so every offset
 * and line stays true. Neither form names a symbol.
 *  - `export type * from './x.js'` (TypeScript 5.0) means what `export * from` means for symbols.
 *  - The variance modifiers `in`, `out` and `in out` on type parameters (TypeScript 4.7):
 *    `interface Check<in T = never>` is `interface Check<T = never>` for symbols.
 */
export function blankUnparsedTypeScript(text: string): string {
  const withoutTypeStar = text.includes('export type')
    ? text.replace(/(\bexport\s+)type(\s*\*)/g, '$1    $2')
    : text;
  return withoutTypeStar.replace(
    /([<,]\s*)(in\s+out|in|out)(\s+)(?=[A-Za-z_$][\w$]*\s*(?:[,>=]|extends\b))/g,
    (_match, before: string, modifier: string, after: string) =>
      `${before}${' '.repeat(modifier.length)}${after}`,
  );
}

const typescriptPatterns = `${scriptPatterns}
(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(function_signature name: (identifier) @name) @definition.function
(method_signature name: (_) @name) @definition.method
(abstract_method_signature name: (_) @name) @definition.method
(internal_module name: (_) @name) @definition.module
(module name: (_) @name) @definition.module
`;

/** JavaScript, TypeScript, TSX, HTML, CSS, SCSS, Vue, Svelte, PHP. */
export const webLanguages: readonly LanguageSpec[] = [
  {
    id: 'javascript',
    name: 'JavaScript',
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-javascript.wasm' },
    query: `${scriptPatterns}
(class_declaration name: (identifier) @name) @definition.class
`,
  },
  {
    id: 'typescript',
    name: 'TypeScript',
    extensions: ['.ts', '.mts', '.cts'],
    grammar: { package: 'bundled', file: 'tree-sitter-typescript.wasm' },
    query: typescriptPatterns,
    prepareSource: blankUnparsedTypeScript,
  },
  {
    id: 'tsx',
    name: 'TSX',
    extensions: ['.tsx'],
    grammar: { package: 'bundled', file: 'tree-sitter-tsx.wasm' },
    query: typescriptPatterns,
    prepareSource: blankUnparsedTypeScript,
  },
  {
    id: 'html',
    name: 'HTML',
    extensions: ['.html', '.htm', '.xhtml'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-html.wasm' },
    query: `
(attribute (attribute_name) @_attribute (quoted_attribute_value (attribute_value) @name) (#eq? @_attribute "id")) @definition.property
(script_element (start_tag (attribute (attribute_name) @_src (quoted_attribute_value (attribute_value) @name)) (#eq? @_src "src"))) @definition.import
(element (start_tag (tag_name) @_tag) (text) @name (#match? @_tag "^[hH][1-6]$")) @definition.section
`,
  },
  {
    id: 'css',
    name: 'CSS',
    extensions: ['.css'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-css.wasm' },
    query: `
(rule_set (selectors) @name) @definition.selector
(keyframes_statement (keyframes_name) @name) @definition.selector
(import_statement) @definition.import
`,
  },
  {
    id: 'scss',
    name: 'SCSS',
    extensions: ['.scss'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-scss.wasm' },
    query: `
(rule_set (selectors) @name) @definition.selector
(mixin_statement (name) @name) @definition.function
(function_statement (name) @name) @definition.function
(stylesheet (declaration (variable_name) @name) @definition.variable)
(use_statement (string_value) @name) @definition.import
(import_statement (string_value) @name) @definition.import
`,
  },
  {
    id: 'vue',
    name: 'Vue',
    extensions: ['.vue'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-vue.wasm' },
    query: `
(template_element (start_tag (tag_name) @name)) @definition.section
(script_element (start_tag (tag_name) @name)) @definition.section
(style_element (start_tag (tag_name) @name)) @definition.section
`,
  },
  {
    id: 'svelte',
    name: 'Svelte',
    extensions: ['.svelte'],
    grammar: { package: 'bundled', file: 'tree-sitter-svelte.wasm' },
    query: `
(script_element (start_tag (tag_name) @name)) @definition.section
(style_element (start_tag (tag_name) @name)) @definition.section
`,
  },
  {
    id: 'php',
    name: 'PHP',
    extensions: ['.php', '.phtml'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-php.wasm' },
    query: `
(class_declaration name: (name) @name) @definition.class
(trait_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(enum_declaration name: (name) @name) @definition.enum
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name) @definition.method
(const_declaration (const_element (name) @name)) @definition.constant
(namespace_definition name: (namespace_name) @name) @definition.module
(namespace_use_declaration (namespace_use_clause) @name) @definition.import
`,
  },
];
