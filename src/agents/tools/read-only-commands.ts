/** Commands that only read, allowed in read-only mode (with the argument checks below). */
const readOnlyCommands = new Set([
  'ls',
  'cat',
  'head',
  'tail',
  'wc',
  'grep',
  'rg',
  'find',
  'pwd',
  'echo',
  'stat',
  'file',
  'du',
  'tree',
  'sort',
  'uniq',
  'diff',
  'cut',
  'tr',
  'basename',
  'dirname',
  'realpath',
  'which',
  'date',
  'env',
  'printenv',
  'true',
  'false',
  'test',
  'git',
  'node',
  'npm',
  'npx',
  'jq',
]);

/** git sub-commands that do not change the repository. */
const gitReadOnly = new Set([
  'status',
  'log',
  'diff',
  'show',
  'blame',
  'branch',
  'rev-parse',
  'ls-files',
  'grep',
]);
const npmReadOnly = new Set(['ls', 'list', 'view', 'outdated', 'explain', 'why', 'test', 'run-script']);

/**
 * Why a command is not read-only, or undefined when it is. Reads are also kept inside the workspace as far
 * as the command line shows (no absolute paths, `..`, `~` or variables); the file tool is the strict gate. The check is deliberately strict: a pipeline
 * of allowlisted commands passes; redirections, command chaining, substitutions and write flags do not.
 * Commands that run code (`node`, `npm test`) pass only with their read-only forms.
 */
export function readOnlyViolation(command: string): string | undefined {
  if (/[><;&`\n]|\$\(/.test(command.replace(/\|\|?/g, (pipe) => (pipe === '|' ? ' ' : '&')))) {
    return 'redirections (>, <), chaining (;, &&, ||, &), and substitutions ($(…), `…`) are not allowed';
  }
  if (command.includes('$') || /(^|\s)~/.test(command)) {
    return 'variables ($…) and ~ are not allowed: they can point outside the workspace';
  }
  for (const segment of command.split('|')) {
    const words = segment.trim().split(/\s+/).filter(Boolean);
    const [program, ...args] = words;
    if (!program) return 'empty command in a pipeline';
    const outside = args.find((arg) => /^['"]?\//.test(arg) || /(^|[/'"=])\.\.([/'"]|$)/.test(arg));
    if (outside) return `"${outside}" names a path outside the workspace; use paths relative to it`;
    if (!readOnlyCommands.has(program)) return `"${program}" is not one of the read-only commands`;
    if (
      program === 'find' &&
      args.some((arg) => /^-(exec|execdir|ok|okdir|delete|fprint|fprintf|fls)$/.test(arg))
    ) {
      return 'find with -exec, -delete or -fprint can change files';
    }
    if (program === 'git' && !gitReadOnly.has(args.find((arg) => !arg.startsWith('-')) ?? '')) {
      return `git ${args[0] ?? ''} is not a read-only git command (${[...gitReadOnly].join(', ')})`;
    }
    if ((program === 'npm' || program === 'npx') && program === 'npx')
      return 'npx can install and run packages';
    if (program === 'npm' && !npmReadOnly.has(args[0] ?? '')) return `npm ${args[0] ?? ''} can change files`;
    if (program === 'node' && !args.every((arg) => arg === '--version' || arg === '-v')) {
      return 'node may only report its version in read-only mode';
    }
    if (program === 'env' && args.length > 0) return 'env may only print the environment in read-only mode';
  }
  return undefined;
}
