import { Command } from 'commander';
import { ExitCode } from './exit-code.js';

/** `ax doctor`: what works here (the OS sandbox first), and the fix for what does not. */
export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check this machine: Node, the OS sandbox for agent commands, its network proxy')
    .option('--json', 'print machine-readable JSON')
    .addHelpText('after', '\nExample:\n  ax doctor\n\nExit code 1 when a check fails.')
    .action(async (options: { json?: boolean }) => {
      const { runDoctor } = await import('../doctor/index.js');
      const report = await runDoctor();
      if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const width = Math.max(...report.checks.map((check) => check.name.length));
        for (const check of report.checks) {
          const mark = check.status === 'ok' ? '✓' : check.status === 'warn' ? '!' : '✗';
          process.stdout.write(`${mark} ${check.name.padEnd(width)}  ${check.summary}\n`);
          if (check.fix) process.stdout.write(`  ${' '.repeat(width)}  fix: ${check.fix}\n`);
        }
      }
      if (!report.ok) process.exitCode = ExitCode.failed;
    });
}
