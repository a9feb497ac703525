import type { LanguageSpec } from '../language-spec.js';

/** Python, Ruby, Bash, PowerShell, Perl, Lua, R, Elixir, GDScript, Julia, Make, AWK. */
export const scriptingLanguages: readonly LanguageSpec[] = [
  {
    id: 'python',
    name: 'Python',
    extensions: ['.py', '.pyi', '.pyw'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-python.wasm' },
    query: `
(class_definition name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function
(module (expression_statement (assignment left: (identifier) @name)) @definition.variable)
(import_statement name: [(dotted_name) (aliased_import)] @name) @definition.import
(import_from_statement module_name: (_) @name) @definition.import
`,
  },
  {
    id: 'ruby',
    name: 'Ruby',
    extensions: ['.rb', '.rake', '.gemspec'],
    fileNames: ['Rakefile', 'Gemfile'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-ruby.wasm' },
    query: `
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(class name: [(constant) (scope_resolution)] @name) @definition.class
(module name: [(constant) (scope_resolution)] @name) @definition.module
(assignment left: (constant) @name) @definition.constant
(call method: (identifier) @_method arguments: (argument_list (string) @name) (#match? @_method "^(require|require_relative|load)$")) @definition.import
`,
  },
  {
    id: 'bash',
    name: 'Bash',
    extensions: ['.sh', '.bash', '.zsh'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-bash.wasm' },
    query: `
(function_definition name: (word) @name) @definition.function
(program (variable_assignment name: (variable_name) @name) @definition.variable)
(command name: (command_name) @_command argument: (_) @name (#match? @_command "^(source|\\\\.)$")) @definition.import
`,
  },
  {
    id: 'powershell',
    name: 'PowerShell',
    extensions: ['.ps1', '.psm1', '.psd1'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-powershell.wasm' },
    query: `
(function_statement (function_name) @name) @definition.function
(class_statement (simple_name) @name) @definition.class
(enum_statement (simple_name) @name) @definition.enum
(class_method_definition (simple_name) @name) @definition.method
(class_property_definition (variable) @name) @definition.property
`,
  },
  {
    id: 'perl',
    name: 'Perl',
    extensions: ['.pl', '.pm', '.t'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-perl.wasm' },
    query: `
(function_definition name: (identifier) @name) @definition.function
(package_statement (package_name) @name) @definition.module
(use_no_statement package_name: (package_name) @name) @definition.import
`,
  },
  {
    id: 'lua',
    name: 'Lua',
    extensions: ['.lua'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-lua.wasm' },
    query: `
(function_declaration name: [(identifier) (dot_index_expression) (method_index_expression)] @name) @definition.function
(variable_declaration (assignment_statement (variable_list (identifier) @name) (expression_list (function_call name: (identifier) @_require (#eq? @_require "require"))))) @definition.import
`,
  },
  {
    id: 'r',
    name: 'R',
    extensions: ['.r', '.R'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-r.wasm' },
    query: `
(binary_operator lhs: (identifier) @name rhs: (function_definition)) @definition.function
(program (binary_operator lhs: (identifier) @name rhs: [(float) (integer) (string) (true) (false)]) @definition.variable)
(call function: (identifier) @_library arguments: (arguments (argument (identifier) @name)) (#match? @_library "^(library|require)$")) @definition.import
`,
  },
  {
    id: 'elixir',
    name: 'Elixir',
    extensions: ['.ex', '.exs'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-elixir.wasm' },
    query: `
(call target: (identifier) @_keyword (arguments (alias) @name) (#eq? @_keyword "defmodule")) @definition.module
(call target: (identifier) @_keyword (arguments [(call target: (identifier) @name) (identifier) @name (binary_operator left: (call target: (identifier) @name))]) (#match? @_keyword "^(def|defp|defdelegate|defguard|defguardp)$")) @definition.function
(call target: (identifier) @_keyword (arguments [(call target: (identifier) @name) (identifier) @name]) (#match? @_keyword "^(defmacro|defmacrop)$")) @definition.macro
(call target: (identifier) @_keyword (arguments (alias) @name) (#match? @_keyword "^(import|alias|require|use)$")) @definition.import
`,
  },
  {
    id: 'gdscript',
    name: 'GDScript',
    extensions: ['.gd'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-gdscript.wasm' },
    query: `
(function_definition name: (name) @name) @definition.function
(class_definition name: (name) @name) @definition.class
(class_name_statement (name) @name) @definition.class
(enum_definition name: (name) @name) @definition.enum
(const_statement name: (name) @name) @definition.constant
(extends_statement (type) @name) @definition.import
`,
  },
  {
    id: 'julia',
    name: 'Julia',
    extensions: ['.jl'],
    grammar: { package: 'bundled', file: 'tree-sitter-julia.wasm' },
    query: `
(module_definition name: (identifier) @name) @definition.module
(function_definition (signature (call_expression . [(identifier) (field_expression)] @name))) @definition.function
(function_definition (signature (typed_expression . (call_expression . [(identifier) (field_expression)] @name)))) @definition.function
(macro_definition (signature (call_expression . (identifier) @name))) @definition.macro
(struct_definition (type_head [(identifier) @name (parametrized_type_expression . (identifier) @name) (binary_expression . [(identifier) @name (parametrized_type_expression . (identifier) @name)])])) @definition.class
(abstract_definition (type_head [(identifier) @name (parametrized_type_expression . (identifier) @name) (binary_expression . [(identifier) @name (parametrized_type_expression . (identifier) @name)])])) @definition.interface
(const_statement (assignment . (identifier) @name)) @definition.constant
(assignment . (call_expression . (identifier) @name) . (operator)) @definition.function
(using_statement [(identifier) (scoped_identifier)] @name) @definition.import
(import_statement [(identifier) (scoped_identifier) (selected_import . [(identifier) (scoped_identifier)] @name)] @name) @definition.import
`,
  },
  {
    id: 'make',
    name: 'Make',
    extensions: ['.mk', '.mak', '.make'],
    fileNames: ['Makefile', 'makefile', 'GNUmakefile'],
    grammar: { package: 'bundled', file: 'tree-sitter-make.wasm' },
    query: `
(rule (targets . (word) @name) (#not-match? @name "^\\\\.")) @definition.function
(makefile (variable_assignment name: (word) @name) @definition.variable)
(define_directive name: (word) @name) @definition.macro
(include_directive filenames: (list . (word) @name)) @definition.import
`,
  },
  {
    id: 'awk',
    name: 'AWK',
    extensions: ['.awk', '.gawk'],
    grammar: { package: 'bundled', file: 'tree-sitter-awk.wasm' },
    query: `
(func_def name: (identifier) @name) @definition.function
(program (rule (pattern) @name) @definition.section)
(directive (string) @name) @definition.import
`,
  },
];
