import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../sandbox/index.js';
import { temporaryWorkspace, toolContext } from './sandbox.test-support.js';
import { fetchPage } from './web-tool.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/big') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('y'.repeat(100_000));
    } else if (request.url === '/hang') {
      response.writeHead(200);
      response.write('partial');
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<h1>hello</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const { workspace } = temporaryWorkspace();

describe('web tool', () => {
  it('is off unless enabled', async () => {
    await expect(fetchPage(toolContext(workspace, 'auto'), `${base}/`)).rejects.toThrow(/web access is off/);
  });

  it('refuses loopback and private addresses unless allowed', async () => {
    const context = toolContext(workspace, 'auto', { web: { enabled: true } });
    await expect(fetchPage(context, `${base}/`)).rejects.toThrow(
      /loopback or private address \(127\.0\.0\.1\)/,
    );
    await expect(fetchPage(context, 'http://[::1]:9/')).rejects.toThrow(/private address/);
    const resolvingPrivately = toolContext(workspace, 'auto', {
      web: { enabled: true, lookup: async () => ['10.1.2.3'] },
    });
    await expect(fetchPage(resolvingPrivately, 'http://intranet.example/')).rejects.toThrow(/10\.1\.2\.3/);
    await expect(fetchPage(context, 'file:///etc/passwd')).rejects.toThrow(/only http and https/);
  });

  it('checks every redirect hop, so a public page cannot bounce into the private network', async () => {
    const fetchDouble = (async (url: string | URL | Request) =>
      String(url).startsWith('http://public.example')
        ? new Response(null, {
            status: 302,
            headers: { location: 'http://169.254.169.254/latest/meta-data/' },
          })
        : new Response('metadata')) as typeof fetch;
    const context = toolContext(workspace, 'auto', {
      web: {
        enabled: true,
        fetch: fetchDouble,
        lookup: async (host) => (host === 'public.example' ? ['93.184.216.34'] : ['169.254.169.254']),
      },
    });
    await expect(fetchPage(context, 'http://public.example/')).rejects.toThrow(/169\.254\.169\.254/);
  });

  it('re-checks the address at connect time, so a host that rebinds to a private address is refused', async () => {
    // The first lookup is fooled into a public answer, as a rebinding DNS server would; the connection's
    // own lookup then sees localhost's real address and refuses it.
    const fooled = toolContext(workspace, 'auto', {
      web: { enabled: true, lookup: async () => ['93.184.216.34'] },
    });
    const port = new URL(base).port;
    await expect(fetchPage(fooled, `http://localhost:${port}/`)).rejects.toThrow(
      /private address (127\.0\.0\.1|::1)/,
    );
  });

  it('fetches with private addresses allowed, capping the body and the time', async () => {
    const context = toolContext(workspace, 'auto', {
      web: { enabled: true, allowPrivateAddresses: true },
      limits: { maxWebBytes: 1_000, webTimeoutMs: 300 },
    });
    await expect(fetchPage(context, `${base}/`)).resolves.toMatchObject({
      status: 200,
      contentType: 'text/html',
      body: '<h1>hello</h1>',
      truncated: false,
    });
    const big = await fetchPage(context, `${base}/big`);
    expect(big).toMatchObject({ truncated: true });
    expect(big.body).toHaveLength(1_000);
    await expect(fetchPage(context, `${base}/hang`)).rejects.toThrow(/did not answer within 300 ms/);
  });

  it('classifies addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.1.1',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      // Finding 6 of issue 11: IPv6 forms that carry a private IPv4 address.
      '::7f00:1',
      '::ffff:7f00:1',
      '64:ff9b::7f00:1',
      '64:ff9b::10.0.0.1',
      '64:ff9b:1::a9fe:a9fe',
      '2002:7f00:1::',
      '2002:a9fe:a9fe::1',
      '2001:0:4136:e378:8000:63bf:80ff:fffe',
      'fe80::1%eth0',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '2606:4700::1111',
      '64:ff9b::808:808',
      '2002:808:808::1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});
