import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { AutomatosxError, ErrorKind } from '../errors/index.js';
import { redactString } from '../secrets/index.js';
import { shutdownTracing } from '../telemetry/index.js';
import { ExitCode } from './exit-code.js';
import { setLogFormatFlag } from './terminal-log.js';

/**
 * Each system's sub-command, loaded only when it is asked for: `ax workflow …` does not pay for the
 * AI SDK or tree-sitter at start-up, and one system's trouble cannot stop another's commands.
 * Adding a command is one line here; its module imports its heavy dependencies inside its actions
 * (see workflow-command.ts), so building the command tree stays cheap. `ax --help` loads them all.
 */
const commandModules: Record<string, () => Promise<Command>> = {
  demo: async () => (await import('./demo-command.js')).demoCommand(),
  workflow: async () => (await import('./workflow-command.js')).workflowCommand(),
  run: async () => (await import('./run-command.js')).runCommand(),
  runs: async () => (await import('./runs-command.js')).runsCommand(),
  agent: async () => (await import('./agent-command.js')).agentCommand(),
  providers: async () => (await import('./providers-command.js')).providersCommand(),
  sim: async () => (await import('./sim-command.js')).simCommand(),
  code: async () => (await import('./code-command.js')).codeCommand(),
  memory: async () => (await import('./memory-command.js')).memoryCommand(),
  config: async () => (await import('./config-command.js')).configCommand(),
  server: async () => (await import('./server-command.js')).serverCommand(),
  mcp: async () => (await import('./mcp-command.js')).mcpCommand(),
  doctor: async () => (await import('./doctor-command.js')).doctorCommand(),
  worker: async () => (await import('./worker-command.js')).workerCommand(),
};

/** Builds the `ax` command tree: the one sub-command named in argv, or all of them for help. */
export async function createProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('ax')
    .description('AutomatosX: durable workflows of specialised AI agents over many providers')
    .version(packageVersion())
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines: auto (human on a terminal, JSON otherwise), pretty, json',
      ).choices(['auto', 'pretty', 'json']),
    )
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', () => setLogFormatFlag(program.opts().logFormat));
  const requested = argv[2];
  const names =
    requested !== undefined && Object.hasOwn(commandModules, requested)
      ? [requested]
      : requested === '--version' || requested === '-V'
        ? []
        : Object.keys(commandModules);
  for (const name of names) program.addCommand(await commandModules[name]!());
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

function packageVersion(): string {
  const manifest = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/** Runs the CLI and returns its exit code: 0 success, 1 the work failed, 2 bad usage or invalid input. */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    const program = await createProgram(argv);
    await program.parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  } finally {
    // Spans are exported in batches: send the last ones before the process ends.
    await shutdownTracing();
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; usage mistakes were already printed by it.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
  }
  if (AutomatosxError.isInstance(error)) {
    process.stderr.write(`error: ${redactString(error.message)}\n`);
    return error.kind === ErrorKind.invalidInput ? ExitCode.invalidInput : ExitCode.failed;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`error: ${redactString(text)}\n`);
  return ExitCode.failed;
}
