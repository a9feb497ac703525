import type { LanguageSpec } from '../language-spec.js';

const cFunctions = `
(function_definition declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))) @definition.function
(declaration declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(struct_specifier name: (type_identifier) @name body: (_)) @definition.class
(union_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
(preproc_def name: (identifier) @name) @definition.constant
(preproc_function_def name: (identifier) @name) @definition.macro
(preproc_include path: (_) @name) @definition.import
`;

/** C, C++, C#, Java, Objective-C, Go, Rust, Zig, Swift, Kotlin, Scala, Dart, Solidity, Groovy, D, Verilog. */
export const cFamilyLanguages: readonly LanguageSpec[] = [
  {
    id: 'c',
    name: 'C',
    extensions: ['.c', '.h'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-c.wasm' },
    query: cFunctions,
  },
  {
    id: 'cpp',
    name: 'C++',
    extensions: ['.cc', '.cpp', '.cxx', '.c++', '.hh', '.hpp', '.hxx', '.inl'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-cpp.wasm' },
    query: `
(function_definition declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)] @name)) @definition.function
(function_definition declarator: (reference_declarator (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier)] @name))) @definition.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier) (qualified_identifier)] @name))) @definition.function
(field_declaration declarator: (function_declarator declarator: (field_identifier) @name)) @definition.method
(class_specifier name: (type_identifier) @name body: (_)) @definition.class
(struct_specifier name: (type_identifier) @name body: (_)) @definition.class
(union_specifier name: (type_identifier) @name body: (_)) @definition.class
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
(alias_declaration name: (type_identifier) @name) @definition.type
(namespace_definition name: (namespace_identifier) @name) @definition.module
(preproc_def name: (identifier) @name) @definition.constant
(preproc_function_def name: (identifier) @name) @definition.macro
(preproc_include path: (_) @name) @definition.import
`,
  },
  {
    id: 'csharp',
    name: 'C#',
    extensions: ['.cs'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-c-sharp.wasm' },
    query: `
(class_declaration name: (identifier) @name) @definition.class
(struct_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(property_declaration name: (identifier) @name) @definition.property
(delegate_declaration name: (identifier) @name) @definition.type
(namespace_declaration name: (_) @name) @definition.module
(file_scoped_namespace_declaration name: (_) @name) @definition.module
(using_directive [(identifier) (qualified_name)] @name) @definition.import
`,
  },
  {
    id: 'java',
    name: 'Java',
    extensions: ['.java'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-java.wasm' },
    query: `
(class_declaration name: (identifier) @name) @definition.class
(record_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(annotation_type_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(method_declaration name: (identifier) @name) @definition.method
(constructor_declaration name: (identifier) @name) @definition.method
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.variable
(package_declaration [(identifier) (scoped_identifier)] @name) @definition.module
(import_declaration [(identifier) (scoped_identifier)] @name) @definition.import
`,
  },
  {
    id: 'objc',
    name: 'Objective-C',
    extensions: ['.m', '.mm'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-objc.wasm' },
    query: `
(class_interface . (identifier) @name) @definition.class
(class_implementation . (identifier) @name) @definition.class
(protocol_declaration . (identifier) @name) @definition.interface
(method_declaration (identifier) @name) @definition.method
(method_definition (identifier) @name) @definition.method
(function_definition declarator: (function_declarator declarator: (identifier) @name)) @definition.function
(preproc_include path: (_) @name) @definition.import
`,
  },
  {
    id: 'go',
    name: 'Go',
    extensions: ['.go'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-go.wasm' },
    query: `
(function_declaration name: (identifier) @name) @definition.function
(method_declaration name: (field_identifier) @name) @definition.method
(type_declaration (type_spec name: (type_identifier) @name type: (struct_type))) @definition.class
(type_declaration (type_spec name: (type_identifier) @name type: (interface_type))) @definition.interface
(type_declaration (type_spec name: (type_identifier) @name type: [(type_identifier) (qualified_type) (map_type) (slice_type) (array_type) (pointer_type) (function_type) (channel_type) (generic_type)])) @definition.type
(type_declaration (type_alias name: (type_identifier) @name)) @definition.type
(const_spec name: (identifier) @name) @definition.constant
(source_file (var_declaration (var_spec name: (identifier) @name) @definition.variable))
(package_clause (package_identifier) @name) @definition.module
(import_spec path: (_) @name) @definition.import
`,
  },
  {
    id: 'rust',
    name: 'Rust',
    extensions: ['.rs'],
    grammar: { package: '@vscode/tree-sitter-wasm', file: 'tree-sitter-rust.wasm' },
    query: `
(impl_item body: (declaration_list (function_item name: (identifier) @name) @definition.method))
(trait_item body: (declaration_list (function_signature_item name: (identifier) @name) @definition.method))
(trait_item body: (declaration_list (function_item name: (identifier) @name) @definition.method))
(function_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.class
(union_item name: (type_identifier) @name) @definition.class
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.interface
(type_item name: (type_identifier) @name) @definition.type
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.constant
(mod_item name: (identifier) @name) @definition.module
(macro_definition name: (identifier) @name) @definition.macro
(use_declaration argument: (_) @name) @definition.import
`,
  },
  {
    id: 'zig',
    name: 'Zig',
    extensions: ['.zig'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-zig.wasm' },
    query: `
(function_declaration name: (identifier) @name) @definition.function
(variable_declaration (identifier) @name [(struct_declaration) (opaque_declaration)]) @definition.class
(variable_declaration (identifier) @name (enum_declaration)) @definition.enum
(variable_declaration (identifier) @name (union_declaration)) @definition.class
(variable_declaration (identifier) @name (builtin_function (builtin_identifier) @_builtin (#eq? @_builtin "@import"))) @definition.import
`,
  },
  {
    id: 'swift',
    name: 'Swift',
    extensions: ['.swift'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-swift.wasm' },
    query: `
(class_declaration "enum" name: (type_identifier) @name) @definition.enum
(class_declaration name: (type_identifier) @name) @definition.class
(protocol_declaration name: (type_identifier) @name) @definition.interface
(protocol_function_declaration name: (simple_identifier) @name) @definition.method
(function_declaration (simple_identifier) @name) @definition.function
(typealias_declaration name: (type_identifier) @name) @definition.type
(import_declaration (identifier) @name) @definition.import
`,
  },
  {
    id: 'kotlin',
    name: 'Kotlin',
    extensions: ['.kt', '.kts'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-kotlin.wasm' },
    query: `
(class_declaration "interface" (type_identifier) @name) @definition.interface
(class_declaration "enum" (type_identifier) @name) @definition.enum
(class_declaration (type_identifier) @name) @definition.class
(object_declaration (type_identifier) @name) @definition.class
(function_declaration (simple_identifier) @name) @definition.function
(type_alias (type_identifier) @name) @definition.type
(package_header (identifier) @name) @definition.module
(import_header (identifier) @name) @definition.import
`,
  },
  {
    id: 'scala',
    name: 'Scala',
    extensions: ['.scala', '.sc'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-scala.wasm' },
    query: `
(class_definition name: (identifier) @name) @definition.class
(object_definition name: (identifier) @name) @definition.class
(trait_definition name: (identifier) @name) @definition.interface
(enum_definition name: (identifier) @name) @definition.enum
(function_definition name: (identifier) @name) @definition.function
(function_declaration name: (identifier) @name) @definition.function
(type_definition name: (type_identifier) @name) @definition.type
(val_definition pattern: (identifier) @name) @definition.variable
(package_clause name: (package_identifier) @name) @definition.module
(import_declaration) @definition.import
`,
  },
  {
    id: 'dart',
    name: 'Dart',
    extensions: ['.dart'],
    grammar: { package: '@cursorless/tree-sitter-wasms', file: 'tree-sitter-dart.wasm' },
    query: `
(class_definition name: (identifier) @name) @definition.class
(mixin_declaration (identifier) @name) @definition.class
(extension_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.enum
(method_signature (function_signature name: (identifier) @name) @definition.method)
(function_signature name: (identifier) @name) @definition.function
(type_alias (type_identifier) @name) @definition.type
(import_specification (configurable_uri) @name) @definition.import
`,
  },
  {
    id: 'solidity',
    name: 'Solidity',
    extensions: ['.sol'],
    grammar: { package: 'tree-sitter-wasms', file: 'tree-sitter-solidity.wasm' },
    query: `
(contract_declaration name: (identifier) @name) @definition.class
(library_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(struct_declaration name: (identifier) @name) @definition.class
(enum_declaration name: (identifier) @name) @definition.enum
(event_definition name: (identifier) @name) @definition.type
(function_definition name: (identifier) @name) @definition.function
(modifier_definition name: (identifier) @name) @definition.function
(state_variable_declaration name: (identifier) @name) @definition.variable
(import_directive source: (string) @name) @definition.import
`,
  },
  {
    id: 'groovy',
    name: 'Groovy',
    extensions: ['.groovy', '.gradle', '.gvy'],
    fileNames: ['Jenkinsfile'],
    grammar: { package: 'bundled', file: 'tree-sitter-groovy.wasm' },
    query: `
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(method_declaration name: (identifier) @name) @definition.method
(function_definition name: (identifier) @name) @definition.function
(package_declaration (_) @name) @definition.module
(import_declaration (_) @name) @definition.import
`,
  },
  {
    id: 'd',
    name: 'D',
    extensions: ['.d', '.di'],
    grammar: { package: 'bundled', file: 'tree-sitter-d.wasm' },
    query: `
(module_declaration (module_fqn) @name) @definition.module
(import_declaration (imported (module_fqn) @name)) @definition.import
(class_declaration (identifier) @name) @definition.class
(struct_declaration (identifier) @name) @definition.class
(union_declaration (identifier) @name) @definition.class
(interface_declaration (identifier) @name) @definition.interface
(enum_declaration (identifier) @name) @definition.enum
(function_declaration (identifier) @name) @definition.function
(template_declaration (identifier) @name) @definition.type
`,
  },
  {
    id: 'verilog',
    name: 'Verilog / SystemVerilog',
    extensions: ['.v', '.vh', '.sv', '.svh'],
    grammar: { package: 'bundled', file: 'tree-sitter-verilog.wasm' },
    query: `
(module_declaration (module_header (simple_identifier) @name)) @definition.module
(package_declaration (package_identifier (simple_identifier) @name)) @definition.module
(interface_declaration (interface_ansi_header (interface_identifier (simple_identifier) @name))) @definition.interface
(interface_declaration (interface_nonansi_header (interface_identifier (simple_identifier) @name))) @definition.interface
(class_declaration (class_identifier (simple_identifier) @name)) @definition.class
(function_declaration (function_body_declaration (function_identifier (function_identifier (simple_identifier) @name)))) @definition.function
(task_declaration (task_body_declaration (task_identifier (task_identifier (simple_identifier) @name)))) @definition.function
`,
  },
];
