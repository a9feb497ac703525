import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createProgram } from '../src/cli/main.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
}

/** Official images the file may name; anything else would be a build this repository does not have. */
const knownImages = /^(postgres|redis|node):\d+(-slim)?$/;

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };

  it('parses, names only official images, and gives every ax service both service URLs', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'redis', 'server', 'worker']);
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.image, name).toMatch(knownImages);
    }
    for (const name of ['worker', 'server']) {
      const env = compose.services[name]!.environment!;
      expect(env.DATABASE_URL, name).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(env.REDIS_URL, name).toBe('redis://redis:6379');
    }
  });

  it('runs only ax commands and options that exist in this CLI', async () => {
    const program = await createProgram(['node', 'ax']);
    for (const name of ['worker', 'server']) {
      const [node, script, commandName, ...args] = compose.services[name]!.command!;
      expect([node, script]).toEqual(['node', 'dist/cli/ax.js']);
      const command = program.commands.find((candidate) => candidate.name() === commandName);
      expect(command, `ax ${commandName}`).toBeDefined();
      for (const flag of args.filter((arg) => arg.startsWith('--')))
        expect(optionNames(command!), `ax ${commandName} ${flag}`).toContain(flag);
    }
  });
});

function optionNames(command: Command): string[] {
  return command.options.flatMap((option) =>
    [option.long, option.short].filter((name) => name !== undefined),
  );
}
