import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { tool } from 'ai';
import { z } from 'zod';
import { isPrivateAddress } from '../../sandbox/index.js';
import { pinnedGet } from './pinned-get.js';
import type { ToolContext, WebAccess } from './tool-context.js';
import { PermissionDeniedError, ToolError } from './tool-errors.js';

export const webInputSchema = z.object({
  url: z.string().describe('an http or https URL to GET'),
});

const maxRedirects = 5;

export interface WebResult {
  url: string;
  status: number;
  contentType: string;
  body: string;
  truncated: boolean;
}

/** The `web` tool: an HTTP GET with time and size caps; private and loopback addresses refused by default. */
export function createWebTool(context: ToolContext) {
  return tool({
    description:
      `HTTP GET a URL and return the status, content type and up to ${context.limits.maxWebBytes} bytes of the body ` +
      `(time limit ${context.limits.webTimeoutMs} ms). Only public http and https addresses.`,
    inputSchema: webInputSchema,
    execute: (input, { abortSignal }) => fetchPage(context, input.url, abortSignal),
  });
}

export async function fetchPage(context: ToolContext, url: string, signal?: AbortSignal): Promise<WebResult> {
  const access = context.web;
  if (!access?.enabled) throw new PermissionDeniedError('web: web access is off; enable it with --allow-web');
  const timeout = AbortSignal.timeout(context.limits.webTimeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const allowPrivate = access.allowPrivateAddresses === true;
  const get = access.fetch
    ? (target: string) => access.fetch!(target, { method: 'GET', redirect: 'manual', signal: combined })
    : (target: string) => pinnedGet(target, combined, allowPrivate);
  let current = url;
  try {
    for (let hop = 0; hop <= maxRedirects; hop++) {
      await checkDestination(access, current);
      const response = await get(current);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        // Each hop is checked again: a public page must not redirect us into the private network.
        current = new URL(location, current).toString();
        continue;
      }
      const { body, truncated } = await readCapped(response, context.limits.maxWebBytes);
      return {
        url: current,
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
        truncated,
      };
    }
  } catch (error) {
    if (error instanceof ToolError) throw error;
    if (timeout.aborted)
      throw new ToolError(`web: ${current} did not answer within ${context.limits.webTimeoutMs} ms`);
    throw new ToolError(`web: GET ${current} failed: ${(error as Error).message}`, 'tool-failed', error);
  }
  throw new ToolError(`web: ${url} redirected more than ${maxRedirects} times`);
}

async function checkDestination(access: WebAccess, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ToolError(`web: "${url}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ToolError(`web: only http and https URLs can be fetched, not ${parsed.protocol}`);
  }
  if (access.allowPrivateAddresses) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await (access.lookup ?? lookupAll)(host);
  const private_ = addresses.find(isPrivateAddress);
  if (private_ !== undefined || addresses.length === 0) {
    throw new PermissionDeniedError(
      `web: ${parsed.hostname} resolves to a loopback or private address (${private_ ?? 'none'}); ` +
        'such addresses are refused unless web access is started with private addresses allowed',
    );
  }
}

async function lookupAll(host: string): Promise<string[]> {
  const results = await dnsLookup(host, { all: true });
  return results.map((result) => result.address);
}

async function readCapped(response: Response, cap: number): Promise<{ body: string; truncated: boolean }> {
  if (!response.body) return { body: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > cap) {
      chunks.push(value.subarray(0, cap - size));
      size = cap;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated };
}
