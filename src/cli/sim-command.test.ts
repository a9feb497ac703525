import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/index.js';
import type { Simulator } from '../simulator/index.js';
import { main } from './main.js';
import { simCommand } from './sim-command.js';

/** Runs `ax sim` in-process until `interact` finishes with the ready server, then stops it. */
async function runSim(args: string[], interact: (sim: Simulator) => Promise<void> = async () => {}) {
  const stop = new AbortController();
  let output = '';
  let failure: unknown;
  const command = simCommand({
    stopSignal: stop.signal,
    write: (text) => {
      output += text;
    },
    onReady: (sim) => {
      interact(sim)
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => stop.abort());
    },
  });
  command.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  if (failure) throw failure;
  return output;
}

describe('ax sim', () => {
  it('prints one JSON line with every base URL and serves simulated answers there', async () => {
    let answer = '';
    const output = await runSim(
      ['--port', '0', '--latency', '0', '--first-token', '0', '--tps', '0', '--json'],
      async (sim) => {
        const response = await fetch(`${sim.baseURL('anthropic')}/messages`, {
          method: 'POST',
          body: JSON.stringify({
            model: 'claude',
            max_tokens: 50,
            messages: [{ role: 'user', content: 'Name three colours' }],
          }),
        });
        answer = ((await response.json()) as { content: Array<{ text: string }> }).content[0]?.text ?? '';
      },
    );
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as {
      simulated: boolean;
      url: string;
      baseURLs: Record<string, string>;
      clients: Record<string, { official: string; aiSdk: string }>;
    };
    expect(printed.simulated).toBe(true);
    expect(printed.baseURLs).toEqual({
      anthropic: `${printed.url}/anthropic/v1`,
      openai: `${printed.url}/openai/v1`,
      gemini: `${printed.url}/gemini/v1beta`,
      compat: `${printed.url}/compat/{name}/v1`,
    });
    // What the official client and the AI SDK each take as base URL, with everything else at defaults.
    expect(printed.clients).toEqual({
      openai: { official: `${printed.url}/v1`, aiSdk: `${printed.url}/v1` },
      anthropic: { official: printed.url, aiSdk: `${printed.url}/v1` },
      gemini: { official: printed.url, aiSdk: `${printed.url}/v1beta` },
    });
    expect(answer).toMatch(/^\[simulated\] .*Name three colours/);
  });

  it('says the answers are simulated, lists flag and config faults, and applies them', async () => {
    const config = join(tmpdir(), `ax-sim-${process.pid}.json`);
    await writeFile(
      config,
      JSON.stringify({ latencyMs: 0, faults: [{ provider: 'gemini', fault: 'bad-key' }] }),
    );
    const statuses: number[] = [];
    const output = await runSim(
      [
        '--port',
        '0',
        '--tps',
        '0',
        '--first-token',
        '0',
        '--config',
        config,
        '--fault',
        'openai:rate-limit:1:retry=3',
      ],
      async (sim) => {
        for (let i = 0; i < 2; i++) {
          const response = await fetch(`${sim.baseURL('openai')}/chat/completions`, {
            method: 'POST',
            body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }] }),
          });
          statuses.push(response.status);
        }
      },
    );
    expect(output).toContain('Everything it answers is SIMULATED');
    expect(output).toMatch(/anthropic\s+http:\/\/127\.0\.0\.1:\d+\/anthropic\/v1/);
    expect(output).toContain('gemini: bad-key on every request');
    expect(output).toContain('openai: rate-limit on requests 1');
    expect(output).toContain('Simulator stopped. Requests: openai 2 (0 streamed, 1 faulted)');
    expect(statuses).toEqual([429, 200]);
  });

  it('rejects a bad fault spec as invalid input', async () => {
    await expect(runSim(['--port', '0', '--fault', 'openai:rate-limt'])).rejects.toThrow(InvalidInputError);
  });

  it('is registered on the ax program with help and an example', async () => {
    let help = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      help += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await main(['node', 'ax', 'sim', '--help'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(help).toContain('--fault <spec>');
    expect(help).toContain('ax sim --fault openai:rate-limit');
  });
});
