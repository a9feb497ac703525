import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
  events?: { name: string }[];
  status?: { code?: number };
}

/** A local OTLP/HTTP receiver: collects the spans of every JSON export it is sent. */
function startReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[] }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const parsed = JSON.parse(body) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const resource of parsed.resourceSpans)
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans }),
    ),
  );
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((candidate) => candidate.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe('OpenTelemetry traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ax-traces-'));
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => {
    receiver?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports run → step → agent turn → provider attempt spans from the CLI, with failover events', async () => {
    writeFileSync(
      join(dir, 'automatosx.config.json'),
      JSON.stringify({
        providers: {
          'sim-claude': {
            type: 'simulator',
            protocol: 'anthropic',
            priority: 1,
            maxRetries: 1,
            faults: [{ provider: 'anthropic', fault: 'server-error', retryAfterMs: 1 }],
          },
          'sim-gemini': { type: 'simulator', protocol: 'gemini', priority: 2 },
        },
      }),
    );
    writeFileSync(
      join(dir, 'ask.yaml'),
      'name: ask\nsteps:\n  - key: survey\n    run: echo surveyed\n  - key: answer\n    dependsOn: survey\n    prompt: Say hello\n',
    );
    const env: NodeJS.ProcessEnv = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: 'ax-test',
    };
    for (const key of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GOOGLE_API_KEY', 'GEMINI_API_KEY'])
      env[key] = '';
    const result = await runCli(['workflow', 'run', 'ask.yaml', '--db', join(dir, 'ax.db')], {
      cwd: dir,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const byName = (name: string) => receiver.spans.filter((span) => span.name === name);
    const [run] = byName('workflow ask');
    const [answer] = byName('step answer');
    const [survey] = byName('step survey');
    expect(run).toBeDefined();
    expect(survey?.parentSpanId).toBe(run!.spanId);
    expect(answer?.parentSpanId).toBe(run!.spanId);
    const [turn] = receiver.spans.filter((span) => span.name.startsWith('chat '));
    expect(turn?.parentSpanId).toBe(answer!.spanId);
    expect(attribute(turn!, 'gen_ai.operation.name')).toBe('chat');
    expect(attribute(turn!, 'gen_ai.system')).toBe('gcp.gemini');
    expect(Number(attribute(turn!, 'gen_ai.usage.input_tokens'))).toBeGreaterThan(0);
    expect(Number(attribute(turn!, 'gen_ai.usage.output_tokens'))).toBeGreaterThan(0);
    expect(turn!.events?.map((event) => event.name)).toEqual(expect.arrayContaining(['retry', 'failover']));
    const attempts = receiver.spans.filter((span) => span.name.startsWith('attempt '));
    expect(attempts.map((span) => span.name)).toEqual([
      'attempt sim-claude',
      'attempt sim-claude',
      'attempt sim-gemini',
    ]);
    expect(attempts.every((span) => span.parentSpanId === turn!.spanId)).toBe(true);
    expect(attribute(attempts[0]!, 'gen_ai.system')).toBe('anthropic');
    expect(attempts[0]!.status?.code).toBe(2);
    expect(new Set(receiver.spans.map((span) => span.traceId)).size).toBe(1);
  });
});
