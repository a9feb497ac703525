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
  | { kind: 'admin'; resource: 'faults' | 'stats' | 'reset' | 'script' }
  | { kind: 'not-found'; family?: SimProvider; provider?: string };

const compatName = /^[\w.-]+$/;

/** Maps a method and path to what the simulator should do; pure, so routing is tested without sockets. */
export function matchRoute(method: string, pathname: string): SimRoute {
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  const [head, ...rest] = segments;
  const tail = rest.join('/');
  const post = method === 'POST';
  const get = method === 'GET';
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
      if (get && tail === 'v1beta/models') return { kind: 'health', family: 'gemini', provider: 'gemini' };
      const match = /^v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(tail);
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

export const knownRoutes = [
  'POST /anthropic/v1/messages',
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
