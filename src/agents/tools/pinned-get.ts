import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { isPrivateAddress } from '../../sandbox/index.js';

/**
 * An HTTP GET whose connection can only reach public addresses: the check runs inside the socket's own
 * DNS lookup, so a host that answers with a public address to a first query and a private one to the
 * connection's query (DNS rebinding) is still refused. Returns a web `Response` for the caller's reader.
 */
export function pinnedGet(url: string, signal: AbortSignal, allowPrivate: boolean): Promise<Response> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as unknown as Array<{ address: string; family: number }>;
      const refused = allowPrivate ? undefined : list.find((entry) => isPrivateAddress(entry.address));
      if (refused || list.length === 0) {
        const reason = refused
          ? `${hostname} resolves to private address ${refused.address}`
          : `no address for ${hostname}`;
        return callback(Object.assign(new Error(reason), { code: 'EPRIVATE' }), '', 0);
      }
      if (options.all) return callback(null, list as never);
      const first = list[0]!;
      return callback(null, first.address, first.family);
    });
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(target, {
      method: 'GET',
      signal,
      lookup,
      headers: { 'user-agent': 'automatosx-agent' },
    });
    outgoing.on('response', (incoming: IncomingMessage) => {
      const status = incoming.statusCode ?? 502;
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const empty = status === 204 || status === 205 || status === 304;
      if (empty) incoming.resume();
      const body = empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status, headers }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}
