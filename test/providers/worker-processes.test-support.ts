import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const workerScript = fileURLToPath(new URL('../fixtures/workers/provider-worker.mjs', import.meta.url));

export interface WorkerPlan {
  requests: number;
  prompt?: string;
  temperature?: number;
  /** The worker builds its router, prints `ready`, then waits for this file before sending. */
  waitForFile?: string;
}

export interface WorkerLine {
  ready?: boolean;
  ok?: boolean;
  provider?: string;
  cached?: boolean;
  costUsd?: number;
  code?: string;
  message?: string;
  attempts?: { provider: string; outcome: string; errorCode?: string }[];
  circuits?: [string, string | null][];
}

/** A directory holding `automatosx.config.json` with `config`, for workers to start in. */
export function projectWith(config: unknown): string {
  const directory = mkdtempSync(join(tmpdir(), 'ax-workers-'));
  writeFileSync(join(directory, 'automatosx.config.json'), JSON.stringify(config, null, 2));
  return directory;
}

/**
 * A separate Node process that builds a router from the project's config with REDIS_URL and the test's
 * key prefix, and runs `plan`. Resolves with its JSON lines when it exits; `ready` resolves once its
 * router is built (subscribed, state read).
 */
export function startWorker(project: string, redisUrl: string, prefix: string, plan: WorkerPlan) {
  const child = spawn(process.execPath, [workerScript], {
    cwd: project,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      AX_REDIS_PREFIX: prefix,
      AX_WORKER_PLAN: JSON.stringify(plan),
      ANTHROPIC_API_KEY: '',
      GOOGLE_API_KEY: '',
      GEMINI_API_KEY: '',
      GOOGLE_GENERATIVE_AI_API_KEY: '',
      OPENAI_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: WorkerLine[] = [];
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      if (!line.trim()) continue;
      const parsed = JSON.parse(line) as WorkerLine;
      if (parsed.ready) markReady();
      else lines.push(parsed);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<WorkerLine[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(lines);
      else reject(new Error(`worker exited with ${code}: ${stderr.slice(0, 2000)}`));
    });
  });
  return { ready: Promise.race([ready, done.then(() => {})]), done, kill: () => child.kill('SIGKILL') };
}

/**
 * Stands in for a provider account's quota in front of the simulator: forwards every request, records
 * when it arrived, and answers 429 itself once `perMinute` requests came within the last minute.
 */
export async function startQuotaProxy(target: string, perMinute: number) {
  const arrivals: number[] = [];
  let rejected = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const now = Date.now();
      if (request.method === 'POST') {
        if (arrivals.filter((at) => at > now - 60_000).length >= perMinute) {
          rejected++;
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          response.end(
            JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'quota' } }),
          );
          return;
        }
        arrivals.push(now);
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name]) => !['host', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const answer = await fetch(new URL(request.url ?? '/', target), {
        method: request.method ?? 'GET',
        headers,
        ...(request.method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
      });
      const passed = [...answer.headers].filter(
        ([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name),
      );
      response.writeHead(answer.status, Object.fromEntries(passed));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    get rejected() {
      return rejected;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Deletes every key a test wrote under its prefixes, so the shared Redis keeps nothing behind. */
export async function dropKeys(redisUrl: string, prefixes: readonly string[]): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for (const prefix of prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    await redis.quit();
  }
}
