import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { abortableDelay, untilAborted } from './abortable-delay.js';
import { anthropicFormat } from './anthropic-format.js';
import { FaultBook, seededRandom } from './fault-book.js';
import { geminiFormat } from './gemini-format.js';
import { modelList } from './model-list.js';
import { openaiChatFormat } from './openai-chat-format.js';
import { createOpenAIResponsesFormat } from './openai-responses-format.js';
import { planAnswer } from './plan-answer.js';
import { requestedOutput } from './requested-output.js';
import { ScriptBook } from './script-book.js';
import { sendFault } from './send-fault.js';
import { promptTokens } from './sim-request.js';
import { knownRoutes, matchRoute, type SimRoute } from './sim-route.js';
import { readJsonBody, sendJson } from './simulated-response.js';
import type {
  FaultKind,
  FaultRule,
  ScriptRule,
  SimProvider,
  SimProviderStats,
  Simulator,
  SimulatorOptions,
} from './simulator-options.js';
import { simulatedContextWindow, type WireFormat } from './wire-format.js';
import { writeJson } from './write-json.js';
import { type Pacing, writeStream } from './write-stream.js';

/** Faults answered with an HTTP error status before any body is written. */
const errorFaults: ReadonlySet<FaultKind> = new Set([
  'rate-limit',
  'server-error',
  'unavailable',
  'overloaded',
  'context-length',
  'bad-key',
]);
/** Faults a health check also sees, when the rule is unconditional (a provider that is down stays down). */
const healthFaults: ReadonlySet<FaultKind> = new Set([...errorFaults, 'connection-reset', 'no-response']);

/**
 * Starts the provider simulator: one HTTP server speaking the Anthropic, OpenAI (Chat and Responses),
 * Gemini and OpenAI-compatible wire formats, with scripted answers and faults.
 *
 * It uses `node:http` directly rather than a framework because the faults need the raw socket
 * (an RST, a socket destroyed mid-body, a request never answered) and exact control over when the
 * status line and each SSE frame are written.
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultBook(options.random ?? seededRandom(options.seed ?? 1), options.faults ?? []);
  const script = new ScriptBook(options.script ?? []);
  const formats: Record<'messages' | 'chat' | 'responses' | 'gemini', WireFormat> = {
    messages: anthropicFormat,
    chat: openaiChatFormat,
    responses: createOpenAIResponsesFormat(),
    gemini: geminiFormat,
  };
  const pacing: Pacing = {
    latencyMs: options.latencyMs ?? 0,
    firstTokenMs: options.firstTokenMs ?? 0,
    tokensPerSecond: options.tokensPerSecond ?? 0,
  };
  const stats = new Map<string, SimProviderStats>();
  const statsFor = (provider: string): SimProviderStats => {
    let entry = stats.get(provider);
    if (!entry) {
      entry = { requests: 0, faults: 0, streams: 0 };
      stats.set(provider, entry);
    }
    return entry;
  };
  const closing = new AbortController();
  const sockets = new Set<Socket>();

  const formatFor = (family: SimProvider): WireFormat =>
    family === 'anthropic' ? formats.messages : family === 'gemini' ? formats.gemini : formats.chat;

  async function handleModel(
    route: Extract<SimRoute, { kind: 'model' }> & { sse: boolean },
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
  ): Promise<void> {
    const format = formats[route.api];
    const body = await readJsonBody(req);
    // Gemini streams as a JSON array without `alt=sse`; the simulator speaks only the SSE form the SDK uses.
    const sseMissing = route.api === 'gemini' && route.stream === true && route.sse !== true;
    if (
      sseMissing ||
      !body.ok ||
      body.value === null ||
      typeof body.value !== 'object' ||
      Array.isArray(body.value)
    ) {
      const detail = sseMissing
        ? 'streamGenerateContent is served as server-sent events only; add ?alt=sse to the URL'
        : body.ok
          ? 'the body must be a JSON object'
          : body.reason;
      const { status, body: errorBody } = format.error({
        kind: 'invalid-request',
        detail: `Simulator: ${detail}.`,
      });
      sendJson(res, status, errorBody);
      return;
    }
    const request = format.parse(body.value as Record<string, unknown>, {
      provider: route.provider,
      ...(route.model !== undefined ? { model: route.model } : {}),
      ...(route.stream !== undefined ? { stream: route.stream } : {}),
    });
    const output = requestedOutput(route.api, body.value as Record<string, unknown>);
    if (output !== undefined) request.output = output;
    const entry = statsFor(route.provider);
    entry.requests++;
    if (request.stream) entry.streams++;
    const { fault } = faults.next(route.provider);
    if (fault) entry.faults++;

    if (fault?.fault === 'connection-reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.fault === 'no-response') return untilAborted(signal);
    if (!(await abortableDelay(pacing.latencyMs, signal))) return;
    if (fault && errorFaults.has(fault.fault)) {
      // A context-length fault claims the prompt overflowed the window by its own size, so the number reads true.
      sendFault(res, format, route.family, fault, simulatedContextWindow + promptTokens(request));
      return;
    }
    const plan = planAnswer(request, script, fault?.fault === 'content-filter');
    if (request.stream) await writeStream(res, format.frames(plan, request), pacing, fault, signal);
    else await writeJson(res, format.json(plan, request), fault, signal);
  }

  async function handleCountTokens(
    route: Extract<SimRoute, { kind: 'count-tokens' }>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const format = formatFor(route.family);
    const body = await readJsonBody(req);
    if (!body.ok || body.value === null || typeof body.value !== 'object' || Array.isArray(body.value)) {
      const detail = body.ok ? 'the body must be a JSON object' : body.reason;
      const { status, body: errorBody } = format.error({
        kind: 'invalid-request',
        detail: `Simulator: ${detail}.`,
      });
      return sendJson(res, status, errorBody);
    }
    const value = body.value as Record<string, unknown>;
    // Gemini may wrap the request as `generateContentRequest`; count what would be sent.
    const inner =
      route.family === 'gemini' &&
      typeof value.generateContentRequest === 'object' &&
      value.generateContentRequest
        ? (value.generateContentRequest as Record<string, unknown>)
        : value;
    const tokens = promptTokens(format.parse(inner, { provider: route.provider }));
    sendJson(res, 200, route.family === 'anthropic' ? { input_tokens: tokens } : { totalTokens: tokens });
  }

  async function handleHealth(
    route: Extract<SimRoute, { kind: 'health' }>,
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
  ): Promise<void> {
    const fault = faults
      .rules()
      .find(
        (rule) =>
          rule.on === undefined &&
          rule.times === undefined &&
          (rule.provider === undefined || rule.provider === route.provider) &&
          healthFaults.has(rule.fault),
      );
    if (fault?.fault === 'connection-reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.fault === 'no-response') return untilAborted(signal);
    if (fault) {
      sendFault(res, formatFor(route.family), route.family, fault, 0);
      return;
    }
    sendJson(res, 200, modelList(route.family, route.provider));
  }

  async function handleAdmin(
    route: Extract<SimRoute, { kind: 'admin' }>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readJsonBody(req) : { ok: true as const, value: undefined };
    if (!body.ok) return sendJson(res, 400, { error: { message: `Simulator admin: ${body.reason}.` } });
    try {
      if (route.resource === 'stats' && method === 'GET') return sendJson(res, 200, simulator.stats());
      if (route.resource === 'reset' && method === 'POST') {
        simulator.reset();
        return sendJson(res, 200, { reset: true });
      }
      if (route.resource === 'faults') {
        if (method === 'DELETE') simulator.clearFaults();
        else if (method === 'POST' && Array.isArray(body.value))
          simulator.setFaults(body.value as FaultRule[]);
        else if (method === 'POST' && body.value !== null && typeof body.value === 'object') {
          simulator.addFault(body.value as FaultRule);
        } else if (method !== 'GET') {
          return sendJson(res, 400, {
            error: {
              message:
                'Simulator admin: POST /_admin/faults takes a JSON array of fault rules (or one rule to add).',
            },
          });
        }
        return sendJson(res, 200, { faults: faults.rules() });
      }
      if (route.resource === 'script') {
        if (method === 'POST' && Array.isArray(body.value)) simulator.setScript(body.value as ScriptRule[]);
        else if (method !== 'GET') {
          return sendJson(res, 400, {
            error: { message: 'Simulator admin: POST /_admin/script takes a JSON array of script rules.' },
          });
        }
        return sendJson(res, 200, { script: script.rules() });
      }
      return sendJson(res, 405, {
        error: { message: `Simulator admin: ${method} is not supported on /_admin/${route.resource}.` },
      });
    } catch (error) {
      return sendJson(res, 400, { error: { message: (error as Error).message } });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestGone = new AbortController();
    res.once('close', () => requestGone.abort());
    const signal = AbortSignal.any([closing.signal, requestGone.signal]);
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const route = matchRoute(req.method ?? 'GET', url.pathname, req.headers);
    switch (route.kind) {
      case 'count-tokens':
        return handleCountTokens(route, req, res);
      case 'model':
        return handleModel({ ...route, sse: url.searchParams.get('alt') === 'sse' }, req, res, signal);
      case 'health':
        return handleHealth(route, req, res, signal);
      case 'admin':
        return handleAdmin(route, req, res);
      case 'not-found': {
        const detail = `Simulator: no route for ${req.method} ${url.pathname}. Known routes: ${knownRoutes.join('; ')}.`;
        if (route.family) {
          const { status, body } = formatFor(route.family).error({ kind: 'not-found', detail });
          return sendJson(res, status, body);
        }
        return sendJson(res, 404, { error: { message: detail } });
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else
        sendJson(res, 500, { error: { message: `Simulator internal error: ${(error as Error).message}` } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Simulator: port ${options.port} on ${host} is already in use; pick another port (or 0 for any free one).`,
            )
          : error,
      );
    });
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  const simulator: Simulator = {
    url,
    baseURL(provider: SimProvider, name?: string): string {
      switch (provider) {
        case 'anthropic':
          return `${url}/anthropic/v1`;
        case 'openai':
          return `${url}/openai/v1`;
        case 'gemini':
          return `${url}/gemini/v1beta`;
        case 'compat':
          if (name === undefined || !/^[\w.-]+$/.test(name)) {
            throw new Error(
              `Simulator: baseURL('compat', name) needs a name of letters, digits, '.', '_' or '-' (got ${JSON.stringify(name)}).`,
            );
          }
          return `${url}/compat/${name}/v1`;
      }
    },
    setFaults: (rules) => faults.set(rules),
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.set([]),
    setScript: (rules) => script.set(rules),
    stats: () => Object.fromEntries([...stats].map(([provider, entry]) => [provider, { ...entry }])),
    reset() {
      stats.clear();
      faults.set(options.faults ?? []);
      faults.resetCounters();
      script.set(options.script ?? []);
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
  return simulator;
}
