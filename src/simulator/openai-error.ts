import { type ErrorResponse, type SimError, simulatedContextWindow } from './wire-format.js';

/** OpenAI's error body `{ error: { message, type, param, code } }`, shared by Chat, Responses and compat servers. */
export function openaiError(error: SimError): ErrorResponse {
  const [status, type, code, message] = describe(error);
  return {
    status,
    body: {
      error: {
        message: `${message} (simulated)`,
        type,
        param: code === 'context_length_exceeded' ? 'messages' : null,
        code,
      },
    },
  };
}

function describe(error: SimError): [number, string, string | null, string] {
  switch (error.kind) {
    case 'rate-limit':
      return [
        429,
        'requests',
        'rate_limit_exceeded',
        'Rate limit reached for requests. Please try again later.',
      ];
    case 'server-error':
      return [500, 'server_error', null, 'The server had an error while processing your request.'];
    case 'unavailable':
      return [503, 'server_error', 'service_unavailable', 'The service is temporarily unavailable.'];
    case 'overloaded':
      return [
        503,
        'server_error',
        'engine_overloaded',
        'The engine is currently overloaded, please try again later.',
      ];
    case 'context-length':
      return [
        400,
        'invalid_request_error',
        'context_length_exceeded',
        `This model's maximum context length is ${simulatedContextWindow} tokens. However, your messages resulted in ${error.promptTokens ?? simulatedContextWindow + 1} tokens.`,
      ];
    case 'bad-key':
      return [401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided.'];
    case 'not-found':
      return [404, 'invalid_request_error', 'not_found', error.detail ?? 'Not found.'];
    case 'invalid-request':
      return [400, 'invalid_request_error', null, error.detail ?? 'Invalid request.'];
  }
}
