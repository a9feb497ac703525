import type { LanguageSpec } from '../language-spec.js';

/**
 * Haskell, Elm, OCaml, ReScript, Agda, Clojure, Emacs Lisp, Gleam, Nix, TLA+, F#, Common Lisp. In the ML family a
 * function's type signature and its equations are separate nodes; `mergeAdjacent` joins them into one
 * symbol whose signature is the type and whose range covers the equations.
 */
export const functionalLanguages: readonly LanguageSpec[] = [
  {
    id: 'haskell',
    name: 'Haskell',
    extensions: ['.hs', '.lhs'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-haskell.wasm' },
    mergeAdjacent: true,
    query: `
(declarations (signature name: (variable) @name) @definition.function)
(declarations (function name: (variable) @name) @definition.function)
(declarations (bind name: (variable) @name) @definition.function)
(data_type name: (name) @name) @definition.type
(newtype name: (name) @name) @definition.type
(type_synomym name: (name) @name) @definition.type
(class name: (name) @name) @definition.interface
(header module: (module) @name) @definition.module
(import module: (module) @name) @definition.import
`,
  },
  {
    id: 'elm',
    name: 'Elm',
    extensions: ['.elm'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-elm.wasm' },
    mergeAdjacent: true,
    query: `
(type_annotation name: (lower_case_identifier) @name) @definition.function
(value_declaration functionDeclarationLeft: (function_declaration_left . (lower_case_identifier) @name)) @definition.function
(type_declaration name: (upper_case_identifier) @name) @definition.type
(type_alias_declaration name: (upper_case_identifier) @name) @definition.type
(module_declaration name: (upper_case_qid) @name) @definition.module
(import_clause moduleName: (upper_case_qid) @name) @definition.import
`,
  },
  {
    id: 'ocaml',
    name: 'OCaml',
    extensions: ['.ml', '.mli'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-ocaml.wasm' },
    query: `
(value_definition (let_binding pattern: (value_name) @name (parameter))) @definition.function
(value_definition (let_binding pattern: (value_name) @name body: (fun_expression))) @definition.function
(value_definition (let_binding pattern: (value_name) @name)) @definition.variable
(type_definition (type_binding name: (type_constructor) @name)) @definition.type
(module_definition (module_binding name: (module_name) @name)) @definition.module
(module_type_definition name: (module_type_name) @name) @definition.interface
(open_module (module_path) @name) @definition.import
`,
  },
  {
    id: 'rescript',
    name: 'ReScript',
    extensions: ['.res', '.resi'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-rescript.wasm' },
    query: `
(let_declaration (let_binding pattern: (value_identifier) @name body: (function))) @definition.function
(let_declaration (let_binding pattern: (value_identifier) @name)) @definition.variable
(type_declaration (type_binding name: (type_identifier) @name)) @definition.type
(module_declaration (module_binding name: (module_identifier) @name)) @definition.module
(open_statement (module_identifier) @name) @definition.import
`,
  },
  {
    id: 'agda',
    name: 'Agda',
    extensions: ['.agda'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-agda.wasm' },
    mergeAdjacent: true,
    query: `
(source_file (function (lhs (function_name) @name)) @definition.function)
(data (data_name) @name) @definition.type
(record (record_name) @name) @definition.class
(module (module_name) @name) @definition.module
(import (module_name) @name) @definition.import
`,
  },
  {
    id: 'clojure',
    name: 'Clojure',
    extensions: ['.clj', '.cljs', '.cljc', '.edn'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-clojure.wasm' },
    query: `
(list_lit . (sym_lit name: (sym_name) @_keyword) . (sym_lit name: (sym_name) @name) (#match? @_keyword "^(defn|defn-|defmulti)$")) @definition.function
(list_lit . (sym_lit name: (sym_name) @_keyword) . (sym_lit name: (sym_name) @name) (#eq? @_keyword "defmacro")) @definition.macro
(list_lit . (sym_lit name: (sym_name) @_keyword) . (sym_lit name: (sym_name) @name) (#match? @_keyword "^(def|defonce)$")) @definition.variable
(list_lit . (sym_lit name: (sym_name) @_keyword) . (sym_lit name: (sym_name) @name) (#match? @_keyword "^(defprotocol|definterface)$")) @definition.interface
(list_lit . (sym_lit name: (sym_name) @_keyword) . (sym_lit name: (sym_name) @name) (#match? @_keyword "^(defrecord|deftype)$")) @definition.class
(list_lit . (sym_lit name: (sym_name) @_keyword) . (sym_lit name: (sym_name) @name) (#eq? @_keyword "ns")) @definition.module
`,
  },
  {
    id: 'elisp',
    name: 'Emacs Lisp',
    extensions: ['.el'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-elisp.wasm' },
    query: `
(function_definition name: (symbol) @name) @definition.function
(macro_definition name: (symbol) @name) @definition.macro
(special_form . "defvar" . (symbol) @name) @definition.variable
(special_form . "defconst" . (symbol) @name) @definition.constant
(list . (symbol) @_require . (quote (symbol) @name) (#eq? @_require "require")) @definition.import
`,
  },
  {
    id: 'gleam',
    name: 'Gleam',
    extensions: ['.gleam'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-gleam.wasm' },
    query: `
(function name: (identifier) @name) @definition.function
(type_definition (type_name name: (type_identifier) @name)) @definition.type
(type_alias (type_name name: (type_identifier) @name)) @definition.type
(constant name: (identifier) @name) @definition.constant
(import module: (module) @name) @definition.import
`,
  },
  {
    id: 'nix',
    name: 'Nix',
    extensions: ['.nix'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-nix.wasm' },
    query: `
(binding attrpath: (attrpath) @name expression: (function_expression)) @definition.function
(binding attrpath: (attrpath) @name) @definition.variable
`,
  },
  {
    id: 'tlaplus',
    name: 'TLA+',
    extensions: ['.tla'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-tlaplus.wasm' },
    query: `
(operator_definition name: (identifier) @name) @definition.function
(function_definition name: (identifier) @name) @definition.function
(variable_declaration (identifier) @name) @definition.variable
(constant_declaration (identifier) @name) @definition.constant
(module name: (identifier) @name) @definition.module
(extends (identifier_ref) @name) @definition.import
`,
  },
  {
    id: 'fsharp',
    name: 'F#',
    extensions: ['.fs', '.fsx', '.fsi'],
    grammar: { package: 'bundled', file: 'tree-sitter-fsharp.wasm' },
    query: `
(named_module name: (long_identifier) @name) @definition.module
(module_defn . (identifier) @name) @definition.module
(type_definition (record_type_defn (type_name type_name: (identifier) @name))) @definition.type
(type_definition (union_type_defn (type_name type_name: (identifier) @name))) @definition.type
(type_definition (enum_type_defn (type_name type_name: (identifier) @name))) @definition.enum
(type_definition (interface_type_defn (type_name type_name: (identifier) @name))) @definition.interface
(type_definition (anon_type_defn (type_name type_name: (identifier) @name))) @definition.class
(type_definition (type_abbrev_defn (type_name type_name: (identifier) @name))) @definition.type
(member_defn (method_or_prop_defn name: (property_or_ident method: (identifier) @name))) @definition.method
(function_or_value_defn (function_declaration_left . (identifier) @name)) @definition.function
(function_or_value_defn (value_declaration_left (identifier_pattern (long_identifier_or_op (identifier) @name)))) @definition.variable
(import_decl (long_identifier) @name) @definition.import
`,
  },
  {
    id: 'commonlisp',
    name: 'Common Lisp',
    extensions: ['.lisp', '.lsp', '.cl', '.asd'],
    grammar: { package: 'bundled', file: 'tree-sitter-commonlisp.wasm' },
    query: `
(defun (defun_header keyword: (defun_keyword) @_keyword function_name: (_) @name) (#eq? @_keyword "defmacro")) @definition.macro
(defun (defun_header keyword: (defun_keyword) @_keyword function_name: (_) @name) (#match? @_keyword "^(defun|defgeneric|defmethod)$")) @definition.function
(list_lit . (sym_lit) @_keyword . (sym_lit) @name (#match? @_keyword "^(defvar|defparameter)$")) @definition.variable
(list_lit . (sym_lit) @_keyword . (sym_lit) @name (#eq? @_keyword "defconstant")) @definition.constant
(list_lit . (sym_lit) @_keyword . (sym_lit) @name (#match? @_keyword "^(defclass|defstruct)$")) @definition.class
(list_lit . (sym_lit) @_keyword . [(sym_lit) (kwd_lit)] @name (#match? @_keyword "^(defpackage|in-package)$")) @definition.module
`,
  },
];
