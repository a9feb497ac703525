// The fault scenarios of the provider issue, each set on the primary ("openai" in the simulator) while
// the backup (compat "backup") stays healthy. A scenario is survived when the caller gets the complete,
// correct answer (the same bytes a healthy call returns, finish reason stop) within the time limit; for a
// content-filter refusal a labelled refusal (finish reason content-filter, or a typed ContentFilterError) also counts, since passing a
// refusal on is correct. A truncated answer reported as complete, a hang or an error is not survived.
export const scenarios = [
  {
    name: '429 with Retry-After (1 s), once',
    rules: [{ fault: 'rate-limit', retryAfterSeconds: 1, times: 1 }],
  },
  { name: '429 without Retry-After, once', rules: [{ fault: 'rate-limit', times: 1 }] },
  { name: '500 then 200', rules: [{ fault: 'server-error', times: 1 }] },
  { name: '500 always', rules: [{ fault: 'server-error' }] },
  { name: '503 always', rules: [{ fault: 'unavailable' }] },
  { name: '529 overloaded always', rules: [{ fault: 'overloaded' }] },
  { name: 'connection reset', rules: [{ fault: 'connection-reset' }] },
  { name: 'no response', rules: [{ fault: 'no-response' }] },
  {
    name: 'slow first token (3 s), stream',
    stream: true,
    rules: [{ fault: 'slow-first-token', delayMs: 3000 }],
  },
  { name: 'stream cut after 3 tokens', stream: true, rules: [{ fault: 'stream-cut', afterTokens: 3 }] },
  { name: 'stream stall after 3 tokens', stream: true, rules: [{ fault: 'stream-stall', afterTokens: 3 }] },
  { name: 'malformed chunk', stream: true, rules: [{ fault: 'malformed-chunk', afterTokens: 3 }] },
  { name: 'missing terminal event', stream: true, rules: [{ fault: 'missing-terminal-event' }] },
  { name: 'context length 400', rules: [{ fault: 'context-length' }] },
  { name: 'content filter refusal', refusalOk: true, rules: [{ fault: 'content-filter' }] },
  { name: '401 bad key', rules: [{ fault: 'bad-key' }] },
  {
    name: 'flapping (every 2nd request 503), 6 requests',
    requests: 6,
    rules: [{ fault: 'unavailable', on: { every: 2 } }],
  },
].map((scenario) => ({
  ...scenario,
  rules: scenario.rules.map((rule) => ({ provider: 'openai', ...rule })),
}));

export const limitMs = 15_000;

/**
 * Runs one scenario through one system. `call(stream, signal)` makes one request and returns
 * { text, finishReason, served }; `reference` is the text a healthy call returns.
 */
export async function runScenario(scenario, call, reference) {
  const requests = scenario.requests ?? 1;
  const started = performance.now();
  const outcomes = [];
  for (let i = 0; i < requests; i++) {
    const signal = AbortSignal.timeout(limitMs);
    try {
      const answer = await call(scenario.stream === true, signal);
      const complete = answer.text === reference && answer.finishReason === 'stop';
      const refusal = scenario.refusalOk && answer.finishReason === 'content-filter';
      outcomes.push({
        survived: complete || refusal,
        outcome: complete
          ? `answer${answer.served !== undefined ? ` from ${answer.served}` : ''}`
          : refusal
            ? 'labelled refusal'
            : `wrong answer (finish ${answer.finishReason}, ${answer.text.length} of ${reference.length} chars)`,
      });
    } catch (error) {
      const hung = signal.aborted;
      // Our router reports a refusal as a typed ContentFilterError: as correct as passing the refusal on.
      if (
        scenario.refusalOk &&
        (error?.code === 'content-filtered' || error?.name === 'ContentFilterError')
      ) {
        outcomes.push({ survived: true, outcome: 'typed ContentFilterError' });
        continue;
      }
      outcomes.push({
        survived: false,
        outcome: hung
          ? `no answer within ${limitMs / 1000} s`
          : `error: ${String(error?.message ?? error)
              .replace(/\s+/g, ' ')
              .slice(0, 90)}`,
      });
    }
  }
  const failed = outcomes.find((o) => !o.survived);
  return {
    survived: failed === undefined,
    outcome: (failed ?? outcomes[0]).outcome,
    ms: (performance.now() - started) / requests,
  };
}
