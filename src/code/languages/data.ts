import type { LanguageSpec } from '../language-spec.js';
import { markdownOutline } from '../markdown-outline.js';

/** Configuration, data and document formats: their "symbols" are keys, sections and headings. */
export const dataLanguages: readonly LanguageSpec[] = [
  {
    id: 'json',
    name: 'JSON',
    dataFormat: true,
    extensions: ['.json', '.jsonc', '.json5'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-json.wasm' },
    query: `
(document (object (pair key: (string) @name) @definition.property))
`,
  },
  {
    id: 'yaml',
    name: 'YAML',
    dataFormat: true,
    extensions: ['.yaml', '.yml'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-yaml.wasm' },
    query: `
(document (block_node (block_mapping (block_mapping_pair key: (_) @name) @definition.property)))
`,
  },
  {
    id: 'toml',
    name: 'TOML',
    dataFormat: true,
    extensions: ['.toml'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-toml.wasm' },
    query: `
(table [(bare_key) (dotted_key) (quoted_key)] @name) @definition.section
(table_array_element [(bare_key) (dotted_key) (quoted_key)] @name) @definition.section
(table (pair [(bare_key) (dotted_key) (quoted_key)] @name) @definition.property)
(document (pair [(bare_key) (dotted_key) (quoted_key)] @name) @definition.property)
`,
  },
  {
    id: 'ini',
    name: 'INI',
    dataFormat: true,
    extensions: ['.ini', '.cfg', '.conf', '.editorconfig'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-ini.wasm' },
    query: `
(section (section_name (text) @name)) @definition.section
(setting (setting_name) @name) @definition.property
`,
  },
  {
    id: 'properties',
    name: 'Java properties',
    dataFormat: true,
    extensions: ['.properties'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-properties.wasm' },
    query: `
(property (key) @name) @definition.property
`,
  },
  {
    id: 'xml',
    name: 'XML',
    dataFormat: true,
    extensions: ['.xml', '.xsd', '.xsl', '.svg', '.plist', '.csproj'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-xml.wasm' },
    query: `
(document root: (element (STag (Name) @name)) @definition.section)
(document root: (element (content (element [(STag (Name) @name) (EmptyElemTag (Name) @name)]) @definition.property)))
`,
  },
  {
    id: 'markdown',
    name: 'Markdown',
    dataFormat: true,
    extensions: ['.md', '.markdown', '.mdx'],
    outline: markdownOutline,
    kinds: ['section'],
  },
  {
    id: 'latex',
    name: 'LaTeX',
    dataFormat: true,
    extensions: ['.tex', '.sty', '.cls'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-latex.wasm' },
    query: `
[(part) (chapter) (section) (subsection) (subsubsection) (paragraph)] @definition.section
(new_command_definition declaration: (_) @name) @definition.macro
(package_include paths: (curly_group_path_list (path) @name)) @definition.import
(class_include path: (curly_group_path (path) @name)) @definition.import
(label_definition name: (curly_group_text (text) @name)) @definition.property
`,
  },
  {
    id: 'hcl',
    name: 'HCL / Terraform',
    dataFormat: true,
    extensions: ['.tf', '.tfvars', '.hcl'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-hcl.wasm' },
    query: `
(config_file (body (block (identifier) @_type (string_lit) @name) @definition.module (#eq? @_type "module")))
(config_file (body (block (identifier) @_type (string_lit) @name) @definition.variable (#match? @_type "^(variable|output|locals)$")))
(config_file (body (block (identifier) @_type . (string_lit) . (string_lit) @name) @definition.section))
(config_file (body (block (identifier) @name . (block_start)) @definition.section))
`,
  },
];
