import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSdkAdapter,
  InvalidRequestError,
  ProviderRateLimitError,
  ProviderRouter,
  type ProviderRouterOptions,
  ProviderTimeoutError,
  RequestCancelledError,
  type RouterEvent,
  type SdkAdapterOptions,
  StreamInterruptedError,
  systemClock,
} from '../../src/providers/index.js';
import { instantSleepClock } from './sim-router.test-support.js';

/**
 * An independent fault server speaking the OpenAI wire formats by hand, so each test controls exactly
 * which bytes arrive and when: the faults the issue found, one per test.
 */
type Handler = (
  request: IncomingMessage & { body: string },
  response: ServerResponse,
) => void | Promise<void>;
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(handler: Handler): Promise<{ baseURL: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    paths.push(`${request.method} ${request.url}`);
    await handler(Object.assign(request, { body }), response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() });
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, paths };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(delta: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
}

function finishChunk(reason: string): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: reason }] })}\n\n`;
}

const usageChunk = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } })}\n\n`;

async function drip(response: ServerResponse, parts: string[], gapMs: number): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const part of parts) {
    response.write(part);
    await sleep(gapMs);
  }
  response.end();
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const chatAnswer = {
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};

function router(
  entries: {
    name: string;
    baseURL: string;
    kind?: SdkAdapterOptions['kind'];
    api?: 'chat' | 'responses';
    timeoutMs?: number;
  }[],
  extra: Partial<ProviderRouterOptions> = {},
) {
  const events: RouterEvent[] = [];
  const instance = new ProviderRouter({
    providers: entries.map((entry, index) => ({
      adapter: createSdkAdapter({
        name: entry.name,
        kind: entry.kind ?? 'openai-compatible',
        defaultModel: 'm',
        apiKey: 'k',
        baseURL: entry.baseURL,
        ...(entry.api === undefined ? {} : { api: entry.api }),
      }),
      priority: index + 1,
      maxRetries: 1,
      timeoutMs: entry.timeoutMs ?? 5_000,
    })),
    random: () => 0.5,
    ...extra,
  });
  instance.events.onAny((event) => events.push(event));
  return { router: instance, events };
}

async function collect(stream: AsyncIterable<{ type: string }>) {
  const parts: { type: string }[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const ask = { messages: [{ role: 'user' as const, content: 'go' }] };

describe('stream idle timeout (item 1): every chunk is a sign of life', () => {
  const gap = 250;
  const timeoutMs = 1_000; // each gap is well inside it; the whole answer (about 2 s) is not
  const cases: [string, string[]][] = [
    [
      'tool-call arguments',
      [
        chunk({
          role: 'assistant',
          tool_calls: [{ index: 0, id: 't1', type: 'function', function: { name: 'read', arguments: '' } }],
        }),
        ...['{"pa', 'th":', ' "src', '/a.t', 's"}'].map((piece) =>
          chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }),
        ),
        finishChunk('tool_calls'),
        usageChunk,
        'data: [DONE]\n\n',
      ],
    ],
    [
      'reasoning',
      [
        chunk({ role: 'assistant' }),
        ...['think', 'ing ', 'hard', ' abo', 'ut it'].map((piece) => chunk({ reasoning_content: piece })),
        chunk({ content: 'done' }),
        finishChunk('stop'),
        usageChunk,
        'data: [DONE]\n\n',
      ],
    ],
    [
      'a slow drip of empty deltas, finish and usage',
      [
        chunk({ role: 'assistant', content: 'ok' }),
        ...Array.from({ length: 5 }, () => chunk({ content: '' })),
        finishChunk('stop'),
        usageChunk,
        'data: [DONE]\n\n',
      ],
    ],
  ];
  it.each(cases)('a live stream of %s is not timed out', async (_name, parts) => {
    const server = await serve((_request, response) => drip(response, parts, gap));
    const { router: r } = router([{ name: 'slow', baseURL: server.baseURL, timeoutMs }]);
    const events = await collect(r.stream({ ...ask, tools: undefined }));
    expect(events.at(-1)?.type).toBe('finish');
  });

  it('a stream that goes silent is still timed out', async () => {
    const server = await serve(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk({ role: 'assistant', content: 'hel' }));
      await sleep(1_500);
      response.end();
    });
    const { router: r } = router([{ name: 'silent', baseURL: server.baseURL, timeoutMs: 300 }]);
    const error = await collect(r.stream(ask)).catch((e: unknown) => e);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(ProviderTimeoutError.isInstance((error as Error).cause)).toBe(true);
  });
});

describe('OpenAI endpoint choice (item 2)', () => {
  const chatOnly: Handler = (request, response) => {
    if (request.url === '/v1/chat/completions') json(response, 200, chatAnswer);
    else json(response, 404, { error: { message: `no route ${request.url}` } });
  };

  it('type openai with a baseURL sends chat completions, and health checks that endpoint', async () => {
    const server = await serve(chatOnly);
    const { router: r } = router([{ name: 'gateway', kind: 'openai', baseURL: server.baseURL }]);
    const answer = await r.generate(ask);
    expect(answer.text).toBe('fine');
    const [health] = await r.healthCheck('gateway');
    expect(health).toMatchObject({ ok: true });
    expect(server.paths).toEqual(['POST /v1/chat/completions', 'POST /v1/chat/completions']);
  });

  it('api: responses against a chat-only gateway fails its health check and says which setting to change', async () => {
    const server = await serve(chatOnly);
    const { router: r } = router([
      { name: 'gateway', kind: 'openai', api: 'responses', baseURL: server.baseURL },
    ]);
    const [health] = await r.healthCheck('gateway');
    expect(health?.ok).toBe(false);
    expect(health?.detail).toMatch(
      /POST .*\/v1\/responses: this server does not serve the responses API; set providers\.gateway\.api to "chat"/,
    );
  });
});

describe('Retry-After beyond the backoff cap (item 3)', () => {
  const limitedOnce = (seconds: number): Handler => {
    let calls = 0;
    return (_request, response) => {
      calls++;
      if (calls === 1)
        json(
          response,
          429,
          { error: { message: 'slow down', type: 'rate_limit' } },
          { 'retry-after': String(seconds) },
        );
      else json(response, 200, chatAnswer);
    };
  };

  it('on the only provider, waits the server’s Retry-After and says so', async () => {
    const server = await serve(limitedOnce(20));
    const clock = instantSleepClock();
    const { router: r, events } = router([{ name: 'only', baseURL: server.baseURL }], { clock });
    const answer = await r.generate(ask);
    expect(answer.text).toBe('fine');
    expect(clock.sleeps).toEqual([20_000]);
    expect(events.find((event) => event.type === 'error')).toMatchObject({
      next: 'retry',
      delayMs: 20_000,
      reason: 'retry-after',
    });
  });

  it('beyond the ceiling it stops at once, and the event says stop, not failover', async () => {
    const server = await serve(limitedOnce(90));
    const clock = instantSleepClock();
    const { router: r, events } = router([{ name: 'only', baseURL: server.baseURL }], {
      clock,
      retryAfterCeilingMs: 60_000,
    });
    const error = await r.generate(ask).catch((e: unknown) => e);
    expect(ProviderRateLimitError.isInstance(error)).toBe(true);
    expect(clock.sleeps).toEqual([]);
    expect(events.find((event) => event.type === 'error')).toMatchObject({
      next: 'stop',
      reason: 'retry-after-exceeds-ceiling',
    });
  });

  it('the wait is abortable', async () => {
    const server = await serve(limitedOnce(30));
    const { router: r } = router([{ name: 'only', baseURL: server.baseURL }], { clock: systemClock });
    const controller = new AbortController();
    const pending = r.generate(ask, { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 100);
    expect(RequestCancelledError.isInstance(await pending)).toBe(true);
  });
});

describe('a provider that does not serve the model (item 4)', () => {
  it('fails over and is reported misconfigured; an invalid request still stops', async () => {
    const missing = await serve((_request, response) =>
      json(response, 404, { error: { message: 'The model `m` does not exist', code: 'model_not_found' } }),
    );
    const healthy = await serve((_request, response) => json(response, 200, chatAnswer));
    const { router: r, events } = router([
      { name: 'first', baseURL: missing.baseURL },
      { name: 'second', baseURL: healthy.baseURL },
    ]);
    const seen: string[] = [];
    const answer = await r.generate(ask, { onEvent: (event) => seen.push(event.type) });
    expect(answer.provider).toBe('second');
    expect(events.find((event) => event.type === 'misconfigured')).toMatchObject({ provider: 'first' });
    expect(seen).toEqual(expect.arrayContaining(['error', 'misconfigured', 'fallback', 'success']));
    expect(r.status().find((status) => status.name === 'first')?.reason).toMatch(
      /does not serve the model m/,
    );

    const invalid = await serve((_request, response) =>
      json(response, 400, { error: { message: 'temperature: must be at most 2' } }),
    );
    const second = await serve((_request, response) => json(response, 200, chatAnswer));
    const { router: strict } = router([
      { name: 'first', baseURL: invalid.baseURL },
      { name: 'second', baseURL: second.baseURL },
    ]);
    expect(InvalidRequestError.isInstance(await strict.generate(ask).catch((e: unknown) => e))).toBe(true);
    expect(second.paths).toEqual([]);
  });
});

describe('[DONE] without a finish_reason (item 6)', () => {
  const parts = [
    chunk({ role: 'assistant', content: 'complete ' }),
    chunk({ content: 'answer' }),
    usageChunk,
  ];

  it('is a complete answer in chat completions, where [DONE] is the terminal event', async () => {
    const server = await serve((_request, response) => drip(response, [...parts, 'data: [DONE]\n\n'], 0));
    const { router: r } = router([{ name: 'gateway', baseURL: server.baseURL }]);
    const events = await collect(r.stream(ask));
    const finish = events.at(-1) as { type: string; response?: { text: string; finishReason: string } };
    expect(finish.response).toMatchObject({ text: 'complete answer', finishReason: 'stop' });
  });

  it('without [DONE] the same bytes are still an interrupted stream', async () => {
    const server = await serve((_request, response) => drip(response, parts, 0));
    const { router: r } = router([{ name: 'gateway', baseURL: server.baseURL }]);
    const error = await collect(r.stream(ask)).catch((e: unknown) => e);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
  });
});
