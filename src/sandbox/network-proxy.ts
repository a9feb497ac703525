import { lookup as dnsLookup } from 'node:dns/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPrivateAddress } from './private-address.js';

export interface NetworkProxyOptions {
  /** Loopback, private and link-local destinations are refused unless this is true (as for the web tool). */
  allowPrivateAddresses: boolean;
  /** Listen on this Unix socket path's folder (Linux, bound into the sandbox) or on 127.0.0.1 (macOS). */
  listen: 'unix-socket' | 'loopback';
  lookup?: (host: string) => Promise<string[]>;
}

export interface NetworkProxy {
  /** The Unix socket path, or `127.0.0.1:port`. */
  readonly address: string;
  /** Destinations refused so far (`host:port (reason)`), for the command's result. */
  readonly refused: string[];
  close(): Promise<void>;
}

/**
 * The only way out of a sandbox with network allowed: an HTTP proxy (CONNECT for TLS and any TCP, and
 * absolute-URI requests for plain HTTP) that resolves each destination itself and connects to the
 * address it checked, so a host that resolves to a private address, or rebinds to one, is refused.
 */
export async function startNetworkProxy(options: NetworkProxyOptions): Promise<NetworkProxy> {
  const refused: string[] = [];
  const resolveAllowed = async (host: string, port: number): Promise<string> => {
    const bare = host.replace(/^\[|\]$/g, '');
    const addresses = isIP(bare) ? [bare] : await (options.lookup ?? lookupAll)(bare);
    const first = addresses[0];
    if (first === undefined) throw new Error(`no address for ${bare}`);
    if (!options.allowPrivateAddresses) {
      const blocked = addresses.find(isPrivateAddress);
      if (blocked !== undefined) {
        refused.push(`${bare}:${port} (private address ${blocked})`);
        throw new Error(`${bare} resolves to private address ${blocked}; refused by the sandbox`);
      }
    }
    return first;
  };
  const server = createServer((incoming, response) => {
    forwardPlainRequest(incoming, resolveAllowed).then(
      (upstream) => {
        response.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(response);
      },
      (error: Error) => {
        response.writeHead(403, { 'content-type': 'text/plain' });
        response.end(`${error.message}\n`);
      },
    );
  });
  server.on('connect', (incoming: IncomingMessage, client: Socket, head: Buffer) => {
    const { host, port } = splitHostPort(incoming.url ?? '');
    client.on('error', () => client.destroy());
    resolveAllowed(host, port).then(
      (address) => {
        const upstream = connect(port, address, () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          if (head.length > 0) upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => {
          client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        });
        client.on('close', () => upstream.destroy());
      },
      (error: Error) => client.end(`HTTP/1.1 403 ${error.message.replace(/[\r\n]/g, ' ')}\r\n\r\n`),
    );
  });
  const folder = options.listen === 'unix-socket' ? mkdtempSync(join(tmpdir(), 'ax-proxy-')) : undefined;
  const address = await listen(server, folder ? join(folder, 'proxy.sock') : undefined);
  return {
    address,
    refused,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          if (folder) rmSync(folder, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

function forwardPlainRequest(
  incoming: IncomingMessage,
  resolveAllowed: (host: string, port: number) => Promise<string>,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(incoming.url ?? '');
    } catch {
      reject(new Error('the proxy needs an absolute http:// URL'));
      return;
    }
    if (target.protocol !== 'http:') {
      reject(new Error(`only http:// is forwarded as a plain request, not ${target.protocol}`));
      return;
    }
    const port = Number(target.port || 80);
    resolveAllowed(target.hostname, port).then((address) => {
      const outgoing = httpRequest(
        {
          host: address,
          port,
          method: incoming.method,
          path: `${target.pathname}${target.search}`,
          headers: { ...incoming.headers, host: target.host },
        },
        resolve,
      );
      outgoing.on('error', reject);
      incoming.pipe(outgoing);
    }, reject);
  });
}

function splitHostPort(authority: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority);
  return match ? { host: match[1]!, port: Number(match[2]) } : { host: authority, port: 443 };
}

async function lookupAll(host: string): Promise<string[]> {
  const results = await dnsLookup(host, { all: true });
  return results.map((result) => result.address);
}

function listen(server: Server, socketPath: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = () => {
      const bound = server.address();
      resolve(typeof bound === 'string' ? bound : `127.0.0.1:${bound?.port ?? 0}`);
    };
    if (socketPath) server.listen(socketPath, done);
    else server.listen(0, '127.0.0.1', done);
  });
}
