import { Command, Option } from 'commander';
import {
  type CapStatus,
  type ConfiguredRouter,
  type CreateProviderRouterOptions,
  createProviderRouterFromConfig,
  describeRouterEvent,
  findModelPrice,
  type ProviderStatus,
} from '../providers/index.js';
import { ExitCode } from './exit-code.js';

export interface ProvidersCommandDeps {
  write?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Replaces the config-driven factory (tests). */
  createRouter?: (options: CreateProviderRouterOptions) => Promise<ConfiguredRouter>;
}

interface CommonOptions {
  json?: boolean;
  config?: string;
  simulator?: boolean;
}

/** `ax providers list|health|test`: what is configured, whether it answers, and one real round trip. */
export function providersCommand(deps: ProvidersCommandDeps = {}): Command {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  const print = (value: unknown) =>
    write(typeof value === 'string' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
  const open = (options: CommonOptions) =>
    (deps.createRouter ?? createProviderRouterFromConfig)({
      env: deps.env ?? process.env,
      ...(deps.cwd === undefined ? {} : { cwd: deps.cwd }),
      ...(options.config === undefined ? {} : { configPath: options.config }),
      ...(options.simulator ? { simulator: 'always' as const } : {}),
    });
  const common = (command: Command) =>
    command
      .addOption(new Option('--json', 'print machine-readable JSON'))
      .addOption(new Option('--config <file>', 'config file (default: ./automatosx.config.json)'))
      .addOption(new Option('--simulator', 'use only the built-in simulator, even when keys are set'));

  const command = new Command('providers').description(
    'list, health-check and test the configured model providers',
  );

  common(
    command
      .command('list')
      .description('every provider: configured or not (key present), health, circuit breaker state')
      .addHelpText(
        'after',
        '\nExample:\n  ax providers list\n  ANTHROPIC_API_KEY=… ax providers list --json',
      ),
  ).action(async (options: CommonOptions) => {
    await withRouter(open(options), async (configured) => {
      const health = new Map(
        (await configured.router.healthCheck()).map((result) => [result.provider, result]),
      );
      const rows = configured.router.status().map((status) => ({
        ...describeStatus(status),
        healthy: status.usable ? (health.get(status.name)?.ok ?? false) : null,
        healthDetail: health.get(status.name)?.detail ?? null,
        healthLatencyMs: round(health.get(status.name)?.latencyMs),
      }));
      const budget = await configured.router.budgetReport();
      if (options.json) {
        print({
          simulatedOnly: configured.simulatedOnly,
          notices: configured.notices,
          configPath: configured.configPath ?? null,
          providers: rows,
          budget,
        });
        return;
      }
      notices(configured, print);
      print(
        table(
          ['PROVIDER', 'TYPE', 'MODEL', 'PRIORITY', 'CONFIGURED', 'HEALTH', 'CIRCUIT'],
          rows.map((row) => [
            row.name + (row.simulated ? ' (simulated)' : ''),
            row.kind,
            row.model || '-',
            Number.isFinite(row.priority) ? String(row.priority) : '-',
            row.usable ? 'yes' : `no: ${row.reason}`,
            row.healthy === null
              ? '-'
              : row.healthy
                ? `ok ${row.healthLatencyMs} ms`
                : `failing: ${row.healthDetail}`,
            row.circuit ?? '-',
          ]),
        ),
      );
      for (const line of budgetLines(budget)) print(line);
      print(
        configured.shared
          ? 'Circuit state, health figures and spend are shared by every worker on REDIS_URL; prices in `ax providers list --json`.'
          : 'Circuit state and health figures are this process’s; prices in `ax providers list --json`.',
      );
    });
  });

  common(
    command
      .command('health')
      .description('send each usable provider its cheap health request (GET …/models); exit 1 if any fails')
      .argument('[name]', 'only this provider')
      .addHelpText('after', '\nExample:\n  ax providers health\n  ax providers health claude --json'),
  ).action(async (name: string | undefined, options: CommonOptions) => {
    await withRouter(open(options), async (configured) => {
      const results = await configured.router.healthCheck(name);
      const simulated = new Map(configured.router.status().map((s) => [s.name, s.simulated]));
      const rows = results.map((r) => ({
        ...r,
        latencyMs: round(r.latencyMs),
        simulated: simulated.get(r.provider) ?? false,
      }));
      if (!rows.every((row) => row.ok)) process.exitCode = ExitCode.failed;
      if (options.json) {
        print({ simulatedOnly: configured.simulatedOnly, notices: configured.notices, results: rows });
        return;
      }
      notices(configured, print);
      print(
        table(
          ['PROVIDER', 'HEALTH', 'LATENCY'],
          rows.map((row) => [
            row.provider + (row.simulated ? ' (simulated)' : ''),
            row.ok ? 'ok' : `failing: ${row.detail ?? 'no detail'}`,
            `${row.latencyMs} ms`,
          ]),
        ),
      );
    });
  });

  common(
    command
      .command('test')
      .description('one real round trip: provider, model, latency, token usage and cost')
      .argument('[name]', 'provider to test (default: whichever the router picks)')
      .option('-p, --prompt <text>', 'what to send', 'Reply with one short sentence: are you there?')
      .addHelpText(
        'after',
        '\nExample:\n  ax providers test\n  ax providers test gemini --prompt "Say hi" --json',
      ),
  ).action(async (name: string | undefined, options: CommonOptions & { prompt: string }) => {
    await withRouter(open(options), async (configured) => {
      if (!options.json) notices(configured, print);
      // Retries, waits and failovers are shown as they happen, before the answer they led to.
      const events: string[] = [];
      const response = await configured.router.generate(
        {
          messages: [{ role: 'user', content: options.prompt }],
          maxTokens: 200,
          ...(name === undefined ? {} : { provider: name, fallback: false }),
        },
        {
          onEvent: (event) => {
            const text = describeRouterEvent(event);
            if (text === undefined) return;
            events.push(text);
            if (!options.json) print(`router:   ${text}`);
          },
        },
      );
      if (options.json) {
        print({ notices: configured.notices, events, ...response });
        return;
      }
      const label = response.simulated ? ' (simulated)' : '';
      const price = findModelPrice(response.model);
      print(`provider: ${response.provider}${label}`);
      print(`model:    ${response.model}`);
      print(
        `latency:  ${round(response.latencyMs)} ms (${response.attempts.length} attempt${response.attempts.length === 1 ? '' : 's'})`,
      );
      print(`usage:    ${response.usage.inputTokens} input + ${response.usage.outputTokens} output tokens`);
      print(
        `cost:     ${price ? `$${response.costUsd.toFixed(6)} at list prices of ${price.takenOn}` : 'not priced'}${response.simulated ? ' (simulated: nothing was billed)' : ''}`,
      );
      print(`answer${label}: ${response.text}`);
    });
  });

  return command;
}

async function withRouter(
  opening: Promise<ConfiguredRouter>,
  use: (configured: ConfiguredRouter) => Promise<void>,
) {
  const configured = await opening;
  try {
    await use(configured);
  } finally {
    await configured.close();
  }
}

function describeStatus(status: ProviderStatus) {
  const price = status.model ? findModelPrice(status.model) : undefined;
  return {
    name: status.name,
    kind: status.kind,
    model: status.model,
    priority: status.priority,
    simulated: status.simulated,
    usable: status.usable,
    reason: status.reason ?? null,
    circuit: status.circuit ?? null,
    price: price
      ? {
          inputPerMillion: price.inputPerMillion,
          outputPerMillion: price.outputPerMillion,
          takenOn: price.takenOn,
        }
      : null,
  };
}

/** "budget: daily (all providers) $0.0123 of $5 spent today" per cap; the per-run cap has no spend here. */
function budgetLines(caps: readonly CapStatus[]): string[] {
  return caps.map((cap) => {
    if (cap.cap === 'per-run') return `budget: each workflow run may spend up to $${cap.capUsd}`;
    const who = cap.cap === 'daily' ? 'all providers' : cap.scope;
    const share = Math.round((cap.spentUsd / cap.capUsd) * 100);
    return `budget: ${who}: $${cap.spentUsd.toFixed(4)} of $${cap.capUsd} spent today (UTC, ${share}%)`;
  });
}

function notices(configured: ConfiguredRouter, print: (value: unknown) => void): void {
  for (const notice of configured.notices) print(`note: ${notice}`);
}

function round(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 10) / 10;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
