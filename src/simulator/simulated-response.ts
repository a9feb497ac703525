import type { IncomingMessage, ServerResponse } from 'node:http';

/** Header on every simulator response, so no caller can mistake it for a real provider's answer. */
export const simulatedHeader = 'x-automatosx-simulated';

/** The headers every simulator response carries, plus `extra`. */
export function baseHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { [simulatedHeader]: 'true', ...extra };
}

/** A complete JSON response with the simulated marker header. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(
    status,
    baseHeaders({
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    }),
  );
  res.end(text);
}

/** Reads the request body as JSON: `{ ok: false }` when it is not JSON or exceeds the limit. */
export async function readJsonBody(
  req: IncomingMessage,
  limitBytes = 10 * 1024 * 1024,
): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) return { ok: false, reason: `the body exceeds ${limitBytes} bytes` };
    chunks.push(buffer);
  }
  if (size === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: `the body is not valid JSON (${(error as Error).message})` };
  }
}
