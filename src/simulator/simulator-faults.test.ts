import { APICallError, generateText, streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, type FaultRule, type Simulator } from './index.js';
import { type SimClient, simClients } from './sim-clients.test-support.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const prompt = 'Write the changelog entry';

async function generateError(client: SimClient, signal?: AbortSignal): Promise<unknown> {
  try {
    await generateText({
      model: client.model(sim),
      prompt,
      maxRetries: 0,
      ...(signal ? { abortSignal: signal } : {}),
    });
  } catch (error) {
    return error;
  }
  throw new Error(`${client.name}: expected the call to fail`);
}

function apiError(error: unknown): APICallError {
  expect(APICallError.isInstance(error), String(error)).toBe(true);
  return error as APICallError;
}

/** Consumes a stream the way a caller would and records what it saw. */
async function consume(client: SimClient, signal?: AbortSignal) {
  const errors: unknown[] = [];
  const stream = streamText({
    model: client.model(sim),
    prompt,
    maxRetries: 0,
    ...(signal ? { abortSignal: signal } : {}),
    onError: ({ error }) => {
      errors.push(error);
    },
  });
  let text = '';
  let deltas = 0;
  let finishReason: string | undefined;
  let thrown: unknown;
  try {
    for await (const part of stream.fullStream) {
      if (part.type === 'text-delta') {
        text += part.text;
        deltas++;
      }
      if (part.type === 'error') errors.push(part.error);
      if (part.type === 'finish') finishReason = part.finishReason;
    }
  } catch (error) {
    thrown = error;
  }
  return { text, deltas, finishReason, errors, thrown };
}

async function fullAnswer(client: SimClient): Promise<string> {
  const { text } = await generateText({ model: client.model(sim), prompt, maxRetries: 0 });
  return text;
}

describe.each(simClients)('faults seen by the $name client', (client) => {
  const only = (rule: Omit<FaultRule, 'provider'>) => sim.setFaults([{ provider: client.provider, ...rule }]);

  it('rate-limit: 429 with the wait in the provider’s own way, or without one', async () => {
    only({ fault: 'rate-limit', retryAfterSeconds: 3, times: 1 });
    const error = apiError(await generateError(client));
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    if (client.family === 'gemini') {
      const body = JSON.parse(error.responseBody ?? '{}') as {
        error: { status: string; details: unknown[] };
      };
      expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
      expect(body.error.details).toContainEqual({
        '@type': 'type.googleapis.com/google.rpc.RetryInfo',
        retryDelay: '3s',
      });
    } else {
      expect(error.responseHeaders?.['retry-after']).toBe('3');
    }

    only({ fault: 'rate-limit', retryAfterMs: 1500, times: 1 });
    const withMs = apiError(await generateError(client));
    if (client.family === 'gemini') expect(withMs.responseBody).toContain('"retryDelay":"1.5s"');
    else {
      expect(withMs.responseHeaders?.['retry-after-ms']).toBe('1500');
      expect(withMs.responseHeaders?.['retry-after']).toBe('2');
    }

    only({ fault: 'rate-limit', times: 1 });
    const bare = apiError(await generateError(client));
    expect(bare.statusCode).toBe(429);
    expect(bare.responseHeaders?.['retry-after']).toBeUndefined();
    expect(bare.responseBody).not.toContain('RetryInfo');
  });

  it('server-error on request 1 only: 500 then 200', async () => {
    only({ fault: 'server-error', on: { requests: [1] } });
    expect(apiError(await generateError(client)).statusCode).toBe(500);
    const ok = await generateText({ model: client.model(sim), prompt, maxRetries: 0 });
    expect(ok.text.startsWith('[simulated]')).toBe(true);
    expect(sim.stats()[client.provider]).toMatchObject({ requests: 2, faults: 1 });
  });

  it('unavailable and overloaded', async () => {
    only({ fault: 'unavailable', times: 1 });
    expect(apiError(await generateError(client)).statusCode).toBe(503);
    only({ fault: 'overloaded', times: 1, retryAfterSeconds: 5 });
    const overloaded = apiError(await generateError(client));
    expect(overloaded.isRetryable).toBe(true);
    expect(overloaded.responseHeaders?.['retry-after']).toBe(client.family === 'gemini' ? undefined : '5');
    if (client.family === 'anthropic') {
      expect(overloaded.statusCode).toBe(529);
      expect(JSON.parse(overloaded.responseBody ?? '{}')).toMatchObject({
        type: 'error',
        error: { type: 'overloaded_error' },
      });
    } else expect(overloaded.statusCode).toBe(503);
  });

  it('bad-key: 401, not retryable', async () => {
    only({ fault: 'bad-key' });
    const error = apiError(await generateError(client));
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
    if (client.family === 'anthropic') expect(error.responseBody).toContain('"authentication_error"');
    if (client.family === 'gemini') expect(error.responseBody).toContain('UNAUTHENTICATED');
    if (client.family === 'openai' || client.family === 'compat')
      expect(error.responseBody).toContain('"invalid_api_key"');
  });

  it('context-length: 400 naming a prompt larger than the window', async () => {
    only({ fault: 'context-length' });
    const error = apiError(await generateError(client));
    expect(error.statusCode).toBe(400);
    expect(error.isRetryable).toBe(false);
    if (client.family === 'anthropic')
      expect(error.message).toMatch(/prompt is too long: 2000\d\d tokens > 200000/);
    if (client.family === 'gemini') expect(error.responseBody).toContain('INVALID_ARGUMENT');
    if (client.family === 'openai' || client.family === 'compat') {
      expect(JSON.parse(error.responseBody ?? '{}')).toMatchObject({
        error: { code: 'context_length_exceeded' },
      });
    }
  });

  it('connection-reset: a connection error without a status', async () => {
    only({ fault: 'connection-reset' });
    const error = apiError(await generateError(client));
    expect(error.statusCode).toBeUndefined();
    expect(
      JSON.stringify({ message: error.message, cause: String((error.cause as Error)?.message) }),
    ).toMatch(/ECONNRESET|socket|terminated/i);
  });

  it('no-response: the call hangs until the caller gives up', async () => {
    only({ fault: 'no-response' });
    const error = await generateError(client, AbortSignal.timeout(100));
    expect((error as Error).name).toMatch(/TimeoutError|AbortError/);
    expect(sim.stats()[client.provider]).toMatchObject({ requests: 1, faults: 1 });
  });

  it('content-filter: a refusal with the content-filter finish reason', async () => {
    only({ fault: 'content-filter' });
    const result = await generateText({ model: client.model(sim), prompt, maxRetries: 0 });
    expect(result.finishReason).toBe('content-filter');
    if (client.family !== 'gemini') expect(result.text).toMatch(/^\[simulated\] I can't help/);
    const streamed = await consume(client);
    expect(streamed.finishReason).toBe('content-filter');
  });

  it('stream-cut: the stream errors after some tokens instead of completing', async () => {
    const answer = await fullAnswer(client);
    only({ fault: 'stream-cut', afterTokens: 2 });
    const seen = await consume(client);
    expect(seen.errors.length > 0 || seen.thrown !== undefined).toBe(true);
    expect(seen.finishReason).not.toBe('stop');
    expect(answer.startsWith(seen.text)).toBe(true);
    expect(seen.text.length).toBeLessThan(answer.length);
  });

  it('stream-cut on a non-streaming call: the body breaks off', async () => {
    only({ fault: 'stream-cut' });
    expect(apiError(await generateError(client)).message).toMatch(/failed to process|terminated|JSON/i);
  });

  it('stream-stall without delay: tokens stop and the caller must time out', async () => {
    only({ fault: 'stream-stall', afterTokens: 2 });
    const seen = await consume(client, AbortSignal.timeout(150));
    expect(seen.finishReason).not.toBe('stop');
    expect(seen.deltas).toBeLessThanOrEqual(2);
  });

  it('stream-stall with a delay: the stream resumes and completes', async () => {
    const answer = await fullAnswer(client);
    only({ fault: 'stream-stall', afterTokens: 2, delayMs: 20 });
    const seen = await consume(client);
    expect(seen.text).toBe(answer);
    expect(seen.finishReason).toBe('stop');
    expect(sim.stats()[client.provider]?.faults).toBe(1);
  });

  it('malformed-chunk: the client reports a parse error', async () => {
    only({ fault: 'malformed-chunk', afterTokens: 2 });
    const seen = await consume(client);
    expect(seen.errors.map(String).join('\n')).toMatch(/JSON/);
    const error = apiError(await generateError(client));
    expect(error.message).toMatch(/Invalid JSON response/);
  });

  it('missing-terminal-event: the stream ends without a normal finish', async () => {
    const answer = await fullAnswer(client);
    only({ fault: 'missing-terminal-event' });
    const seen = await consume(client);
    expect(seen.text).toBe(answer);
    expect(seen.finishReason).not.toBe('stop');
    expect(seen.finishReason === 'interrupted' || seen.errors.length > 0).toBe(true);
  });

  it('slow-first-token: headers arrive, then the first token is held back', async () => {
    only({ fault: 'slow-first-token', delayMs: 10_000 });
    const response = await rawStream(client);
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const firstEvents = await readUntilToken(reader, AbortSignal.timeout(150));
    expect(firstEvents.sawToken).toBe(false);
    await reader.cancel();
  });
});

describe('fault schedules', () => {
  const anthropic = simClients.find((client) => client.family === 'anthropic')!;
  const outcome = async () => {
    try {
      await generateText({ model: anthropic.model(sim), prompt, maxRetries: 0 });
      return 'ok';
    } catch (error) {
      return String(apiError(error).statusCode);
    }
  };

  it('flaps with every: 2', async () => {
    sim.setFaults([{ provider: 'anthropic', fault: 'server-error', on: { every: 2 } }]);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await outcome());
    expect(seen).toEqual(['ok', '500', 'ok', '500']);
  });

  it('honours from/to ranges and times', async () => {
    sim.setFaults([{ fault: 'unavailable', on: { from: 2, to: 4 }, times: 2 }]);
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await outcome());
    expect(seen).toEqual(['ok', '503', '503', 'ok', 'ok']);
  });

  it('does not touch other providers', async () => {
    sim.setFaults([{ provider: 'gemini', fault: 'bad-key' }]);
    expect(await outcome()).toBe('ok');
  });

  it('repeats a probability schedule for the same seed', async () => {
    const run = async (seed: number) => {
      const own = await createSimulator({
        seed,
        faults: [{ fault: 'server-error', on: { probability: 0.5 } }],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const response = await fetch(`${own.baseURL('openai')}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `q${i}` }] }),
        });
        statuses.push(response.status);
      }
      await own.close();
      return statuses;
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('makes an unconditional outage visible to health checks too', async () => {
    sim.setFaults([{ provider: 'openai', fault: 'unavailable' }]);
    expect((await fetch(`${sim.baseURL('openai')}/models`)).status).toBe(503);
    expect((await fetch(`${sim.baseURL('anthropic')}/models`)).status).toBe(200);
    sim.setFaults([{ provider: 'openai', fault: 'unavailable', on: { requests: [1] } }]);
    expect((await fetch(`${sim.baseURL('openai')}/models`)).status).toBe(200);
  });
});

function rawStream(client: SimClient): Promise<Response> {
  const json = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const messages = [{ role: 'user', content: prompt }];
  switch (client.family) {
    case 'anthropic':
      return json(`${sim.baseURL('anthropic')}/messages`, {
        model: 'm',
        max_tokens: 100,
        stream: true,
        messages,
      });
    case 'gemini':
      return json(`${sim.baseURL('gemini')}/models/m:streamGenerateContent?alt=sse`, {
        contents: [{ role: 'user', parts: [{ text: prompt }] }],
      });
    case 'openai':
      return json(`${sim.baseURL('openai')}/chat/completions`, { model: 'm', stream: true, messages });
    case 'compat':
      return json(`${sim.baseURL('compat', client.provider)}/chat/completions`, {
        model: 'm',
        stream: true,
        messages,
      });
  }
}

async function readUntilToken(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  signal: AbortSignal,
): Promise<{ sawToken: boolean }> {
  const decoder = new TextDecoder();
  let seen = '';
  const aborted = new Promise<'aborted'>((resolve) =>
    signal.addEventListener('abort', () => resolve('aborted')),
  );
  for (;;) {
    const next = await Promise.race([reader.read(), aborted]);
    if (next === 'aborted' || next.done) return { sawToken: false };
    seen += decoder.decode(next.value, { stream: true });
    if (/text_delta|"content":"[^"]|"text":"[^"]/.test(seen)) return { sawToken: true };
  }
}
