import { Command, CommanderError } from 'commander';
import { AutomatosxError, ErrorKind } from '../errors/index.js';
import { agentCommand } from './agent-command.js';
import { codeCommand } from './code-command.js';
import { ExitCode } from './exit-code.js';
import { memoryCommand } from './memory-command.js';
import { providersCommand } from './providers-command.js';
import { runCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';
import { simCommand } from './sim-command.js';
import { workflowCommand } from './workflow-command.js';

/** Builds the `ax` command tree. Each system contributes one sub-command from its own file. */
export function createProgram(): Command {
  const program = new Command('ax')
    .description('AutomatosX: durable workflows of specialised AI agents over many providers')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(workflowCommand());
  program.addCommand(codeCommand());
  program.addCommand(memoryCommand());
  program.addCommand(simCommand());
  program.addCommand(providersCommand());
  program.addCommand(agentCommand());
  program.addCommand(runCommand());
  program.addCommand(runsCommand());
  for (const command of allCommands(program)) command.exitOverride();
  return program;
}

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

/** Runs the CLI and returns its exit code: 0 success, 1 the work failed, 2 bad usage or invalid input. */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? ExitCode.ok : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; usage mistakes were already printed by it.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.invalidInput;
  }
  if (AutomatosxError.isInstance(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.kind === ErrorKind.invalidInput ? ExitCode.invalidInput : ExitCode.failed;
  }
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.failed;
}
