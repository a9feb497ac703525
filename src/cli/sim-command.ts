import { Command, InvalidArgumentError, Option } from 'commander';
import {
  createSimulator,
  type FaultRule,
  loadSimulatorConfig,
  parseFaultSpec,
  type Simulator,
  type SimulatorOptions,
} from '../simulator/index.js';
import { processStopSignal } from './process-stop-signal.js';

/** Defaults of `ax sim`, chosen to feel like a real provider; `createSimulator()` itself defaults to 0 for tests. */
export const simDefaults = { port: 8787, latencyMs: 300, firstTokenMs: 100, tokensPerSecond: 50 } as const;

interface SimFlags {
  host?: string;
  port?: number;
  latency?: number;
  firstToken?: number;
  tps?: number;
  seed?: number;
  fault: FaultRule[];
  config?: string;
  json?: boolean;
}

export interface SimCommandDeps {
  /** Stops the server when it aborts; defaults to SIGINT/SIGTERM. */
  stopSignal?: AbortSignal;
  write?: (text: string) => void;
  /** Called once the server listens, so tests can drive it. */
  onReady?: (sim: Simulator) => void;
}

/** `ax sim`: runs the provider simulator until interrupted. */
export function simCommand(deps: SimCommandDeps = {}): Command {
  const write = deps.write ?? ((text: string) => process.stdout.write(text));
  return new Command('sim')
    .description(
      'run the provider simulator: Anthropic, OpenAI, Gemini and OpenAI-compatible APIs with simulated answers',
    )
    .addOption(new Option('--host <host>', 'interface to listen on (default 127.0.0.1)'))
    .addOption(
      new Option('--port <n>', `port, 0 for any free one (default ${simDefaults.port})`).argParser(
        nonNegative,
      ),
    )
    .addOption(
      new Option(
        '--latency <ms>',
        `delay before each response starts (default ${simDefaults.latencyMs})`,
      ).argParser(nonNegative),
    )
    .addOption(
      new Option(
        '--first-token <ms>',
        `extra delay before the first streamed token (default ${simDefaults.firstTokenMs})`,
      ).argParser(nonNegative),
    )
    .addOption(
      new Option(
        '--tps <n>',
        `streamed tokens per second, 0 = unpaced (default ${simDefaults.tokensPerSecond})`,
      ).argParser(nonNegative),
    )
    .addOption(new Option('--seed <n>', 'seed for probability faults (default 1)').argParser(nonNegative))
    .addOption(
      new Option('--fault <spec>', 'inject a fault: provider:kind[:when][:key=value…] (repeatable)')
        .argParser((spec: string, previous: FaultRule[]) => [...previous, parseFaultSpec(spec)])
        .default([]),
    )
    .addOption(new Option('--config <file>', 'JSON file with options, faults and script rules (flags win)'))
    .addOption(new Option('--json', 'print one JSON line with the URLs instead of text'))
    .addHelpText(
      'after',
      `
Everything the simulator answers is simulated: no real model is called, answers start with
"[simulated]" and every response carries the header x-automatosx-simulated: true.

Faults: rate-limit, server-error, unavailable, overloaded, connection-reset, no-response,
slow-first-token, stream-cut, stream-stall, malformed-chunk, missing-terminal-event,
context-length, content-filter, bad-key. "when" is request numbers (1,3), a range (2-5),
every=N or p=0.25; keys: retry (s), retry-ms, after (tokens), delay (ms), times.
Change faults while it runs: curl -X POST localhost:8787/_admin/faults -d '[{"fault":"overloaded"}]'

Examples:
  ax sim
  ax sim --port 9000 --latency 0 --tps 0 --json
  ax sim --fault openai:rate-limit:1,2:retry=3 --fault anthropic:server-error:every=2
  ax sim --config sim.json --fault "*:stream-cut:p=0.2:after=5"`,
    )
    .action(async (flags: SimFlags) => {
      const options = await resolveOptions(flags);
      const sim = await createSimulator(options);
      const stop = deps.stopSignal ?? processStopSignal();
      const urls = {
        anthropic: sim.baseURL('anthropic'),
        openai: sim.baseURL('openai'),
        gemini: sim.baseURL('gemini'),
        compat: `${sim.url}/compat/{name}/v1`,
      };
      const clients = clientBaseURLs(sim.url);
      if (flags.json) {
        write(
          `${JSON.stringify({ simulated: true, url: sim.url, baseURLs: urls, clients, admin: `${sim.url}/_admin`, faults: options.faults ?? [] })}\n`,
        );
      } else {
        write(describeServer(sim, urls, clients, options));
      }
      deps.onReady?.(sim);
      await new Promise<void>((resolve) => {
        if (stop.aborted) resolve();
        else stop.addEventListener('abort', () => resolve(), { once: true });
      });
      const stats = sim.stats();
      await sim.close();
      if (!flags.json) write(`Simulator stopped. Requests: ${summariseStats(stats)}\n`);
    });
}

async function resolveOptions(flags: SimFlags): Promise<SimulatorOptions> {
  const fromFile = flags.config ? await loadSimulatorConfig(flags.config) : {};
  const faults = [...(fromFile.faults ?? []), ...flags.fault];
  return {
    ...fromFile,
    port: flags.port ?? fromFile.port ?? simDefaults.port,
    latencyMs: flags.latency ?? fromFile.latencyMs ?? simDefaults.latencyMs,
    firstTokenMs: flags.firstToken ?? fromFile.firstTokenMs ?? simDefaults.firstTokenMs,
    tokensPerSecond: flags.tps ?? fromFile.tokensPerSecond ?? simDefaults.tokensPerSecond,
    ...(flags.host !== undefined ? { host: flags.host } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(faults.length > 0 ? { faults } : {}),
  };
}

/**
 * The base URL each client expects, everything else left at its defaults: the official SDKs append
 * their own version path (`/v1/messages`, `/v1beta/models/…`), the AI SDK providers expect it included.
 */
function clientBaseURLs(url: string) {
  return {
    openai: { official: `${url}/v1`, aiSdk: `${url}/v1` },
    anthropic: { official: url, aiSdk: `${url}/v1` },
    gemini: { official: url, aiSdk: `${url}/v1beta` },
  };
}

function describeServer(
  sim: Simulator,
  urls: Record<string, string>,
  clients: ReturnType<typeof clientBaseURLs>,
  options: SimulatorOptions,
): string {
  const lines = [
    'AutomatosX provider simulator. Everything it answers is SIMULATED: no real model is called.',
    `Listening on ${sim.url} (latency ${options.latencyMs} ms, first token +${options.firstTokenMs} ms, ${
      options.tokensPerSecond ? `${options.tokensPerSecond} tokens/s` : 'unpaced'
    })`,
    ...Object.entries(urls).map(([name, url]) => `  ${name.padEnd(10)} ${url}`),
    `  ${'admin'.padEnd(10)} ${sim.url}/_admin/{faults,stats,reset,script}`,
    'Official clients and the AI SDK with only their base URL changed:',
    `  openai     new OpenAI({ baseURL: '${clients.openai.official}' })  ·  createOpenAI({ baseURL: '${clients.openai.aiSdk}' })`,
    `  anthropic  new Anthropic({ baseURL: '${clients.anthropic.official}' })  ·  createAnthropic({ baseURL: '${clients.anthropic.aiSdk}' })`,
    `  gemini     new GoogleGenAI({ apiKey, httpOptions: { baseUrl: '${clients.gemini.official}' } })  ·  createGoogleGenerativeAI({ baseURL: '${clients.gemini.aiSdk}' })`,
  ];
  const faults = options.faults ?? [];
  lines.push(
    faults.length === 0
      ? 'Faults: none'
      : `Faults:\n${faults.map((rule) => `  ${describeFault(rule)}`).join('\n')}`,
  );
  lines.push('Press Ctrl+C to stop.');
  return `${lines.join('\n')}\n`;
}

function describeFault(rule: FaultRule): string {
  const when: string[] = [];
  if (rule.on?.requests) when.push(`requests ${rule.on.requests.join(', ')}`);
  if (rule.on?.from !== undefined || rule.on?.to !== undefined)
    when.push(`requests ${rule.on.from ?? 1}–${rule.on.to ?? '∞'}`);
  if (rule.on?.every !== undefined) when.push(`every ${rule.on.every} requests`);
  if (rule.on?.probability !== undefined) when.push(`with probability ${rule.on.probability}`);
  const times = rule.times !== undefined ? `, at most ${rule.times} times` : '';
  return `${rule.provider ?? 'every provider'}: ${rule.fault} on ${when.length > 0 ? when.join(', ') : 'every request'}${times}`;
}

function summariseStats(stats: ReturnType<Simulator['stats']>): string {
  const entries = Object.entries(stats);
  if (entries.length === 0) return 'none';
  return entries
    .map(([name, entry]) => `${name} ${entry.requests} (${entry.streams} streamed, ${entry.faults} faulted)`)
    .join('; ');
}

function nonNegative(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
    throw new InvalidArgumentError(`expected a non-negative number, got "${value}"`);
  }
  return number;
}
