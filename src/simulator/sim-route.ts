import type { SimProvider } from './simulator-options.js';

export type SimRoute =
  | {
      kind: 'model';
      family: SimProvider;
      api: 'messages' | 'chat' | 'responses' | 'gemini';
      provider: string;
      model?: string;
      stream?: boolean;
    }
  | { kind: 'health'; family: SimProvider; provider: string }
  /** Anthropic `count_tokens` and Gemini `countTokens`: the prompt's size, no answer, no fault. */
  | { kind: 'count-tokens'; family: 'anthropic' | 'gemini'; provider: string }
  | { kind: 'admin'; resource: 'faults' | 'stats' | 'reset' | 'script' }
  | { kind: 'not-found'; family?: SimProvider; provider?: string };

const compatName = /^[\w.-]+$/;

/**
 * Maps a method and path to what the simulator should do; pure, so routing is tested without sockets.
 * Each format is served under its prefix (`/anthropic/v1/messages`) and also where the official client
 * looks with only its base URL changed: OpenAI at `/v1/…`, Anthropic at `/v1/messages`, Gemini at
 * `/v1beta/…` and `/v1/…`. `GET /v1/models` is Anthropic's when the request carries `anthropic-version`.
 */
export function matchRoute(
  method: string,
  pathname: string,
  headers: Record<string, string | string[] | undefined> = {},
): SimRoute {
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  const [head, ...rest] = segments;
  const tail = rest.join('/');
  const post = method === 'POST';
  const get = method === 'GET';
  if (head === 'v1' || head === 'v1beta') {
    const family = unprefixedFamily(method, segments.join('/'), headers);
    if (family !== undefined) return matchRoute(method, `/${family}/${segments.join('/')}`);
  }
  switch (head) {
    case '_admin': {
      const resource = rest[0];
      if (resource === 'faults' || resource === 'stats' || resource === 'reset' || resource === 'script') {
        return { kind: 'admin', resource };
      }
      return { kind: 'not-found' };
    }
    case 'anthropic':
      if (post && tail === 'v1/messages')
        return { kind: 'model', family: 'anthropic', api: 'messages', provider: 'anthropic' };
      if (post && tail === 'v1/messages/count_tokens')
        return { kind: 'count-tokens', family: 'anthropic', provider: 'anthropic' };
      if (get && tail === 'v1/models') return { kind: 'health', family: 'anthropic', provider: 'anthropic' };
      return { kind: 'not-found', family: 'anthropic', provider: 'anthropic' };
    case 'openai':
      if (post && tail === 'v1/chat/completions')
        return { kind: 'model', family: 'openai', api: 'chat', provider: 'openai' };
      if (post && tail === 'v1/responses')
        return { kind: 'model', family: 'openai', api: 'responses', provider: 'openai' };
      if (get && tail === 'v1/models') return { kind: 'health', family: 'openai', provider: 'openai' };
      return { kind: 'not-found', family: 'openai', provider: 'openai' };
    case 'gemini': {
      if (get && (tail === 'v1beta/models' || tail === 'v1/models'))
        return { kind: 'health', family: 'gemini', provider: 'gemini' };
      const match =
        /^v1(?:beta)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/.exec(tail);
      if (post && match?.[2] === 'countTokens')
        return { kind: 'count-tokens', family: 'gemini', provider: 'gemini' };
      if (post && match) {
        return {
          kind: 'model',
          family: 'gemini',
          api: 'gemini',
          provider: 'gemini',
          model: decodeURIComponent(match[1] ?? ''),
          stream: match[2] === 'streamGenerateContent',
        };
      }
      return { kind: 'not-found', family: 'gemini', provider: 'gemini' };
    }
    case 'compat': {
      const name = rest[0] ?? '';
      const path = rest.slice(1).join('/');
      if (!compatName.test(name)) return { kind: 'not-found' };
      if (post && path === 'v1/chat/completions')
        return { kind: 'model', family: 'compat', api: 'chat', provider: name };
      if (get && path === 'v1/models') return { kind: 'health', family: 'compat', provider: name };
      return { kind: 'not-found', family: 'compat', provider: name };
    }
    default:
      return { kind: 'not-found' };
  }
}

/** Which format an unprefixed path belongs to, by the path each official client uses. */
function unprefixedFamily(
  method: string,
  path: string,
  headers: Record<string, string | string[] | undefined>,
): 'anthropic' | 'openai' | 'gemini' | undefined {
  if (path === 'v1/messages' || path === 'v1/messages/count_tokens') return 'anthropic';
  if (path === 'v1/chat/completions' || path === 'v1/responses') return 'openai';
  if (path === 'v1/models' && method === 'GET')
    return headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
  if (path === 'v1beta/models' || /^v1(?:beta)?\/models\/[^/:]+:\w+$/.test(path)) return 'gemini';
  return undefined;
}

export const knownRoutes = [
  'POST /v1/chat/completions, /v1/responses, GET /v1/models (OpenAI, as the official client calls them)',
  'POST /v1/messages, /v1/messages/count_tokens (Anthropic, as the official client calls them)',
  'POST /v1beta/models/{model}:generateContent|streamGenerateContent|countTokens, also under /v1 (Gemini)',
  'POST /anthropic/v1/messages',
  'POST /anthropic/v1/messages/count_tokens',
  'POST /gemini/v1beta/models/{model}:countTokens',
  'GET  /anthropic/v1/models',
  'POST /openai/v1/chat/completions',
  'POST /openai/v1/responses',
  'GET  /openai/v1/models',
  'POST /gemini/v1beta/models/{model}:generateContent',
  'POST /gemini/v1beta/models/{model}:streamGenerateContent?alt=sse',
  'GET  /gemini/v1beta/models',
  'POST /compat/{name}/v1/chat/completions',
  'GET  /compat/{name}/v1/models',
  'GET|POST|DELETE /_admin/faults',
  'GET  /_admin/stats',
  'POST /_admin/reset',
  'GET|POST /_admin/script',
] as const;
