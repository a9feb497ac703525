// Starts the simulator and the Portkey gateway as child processes for the provider workload, and
// talks to the simulator's admin endpoint. Portkey is started the way its README says for a local
// gateway (build/start-server.js), with --headless (no console UI).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

function waitForLine(child, pattern, label, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`${label} did not start within ${timeoutMs} ms: ${text.slice(-300)}`)),
      timeoutMs,
    );
    const onData = (chunk) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`${label} exited (${code}) before it was ready: ${text.slice(-300)}`)),
    );
  });
}

export async function startSimulator(latencyMs = 20) {
  const child = spawn(process.execPath, [here('./sim-server.mjs'), '--latency', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await waitForLine(child, /@@sim (\{.*\})\n/, 'the simulator');
  const urls = JSON.parse(match[1]);
  const admin = async (method, path, body) => {
    const response = await fetch(`${urls.url}/_admin/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok)
      throw new Error(`simulator admin ${method} ${path}: ${response.status} ${await response.text()}`);
  };
  return {
    ...urls,
    setFaults: async (rules) => {
      await admin('POST', 'reset');
      await admin('POST', 'faults', rules);
    },
    stop: () => child.kill('SIGTERM'),
  };
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

export async function startPortkey() {
  const port = await freePort();
  const entry = here('../peers/node_modules/@portkey-ai/gateway/build/start-server.js');
  const child = spawn(process.execPath, [entry, `--port=${port}`, '--headless'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /Ready for connections/, 'the Portkey gateway');
  return { baseURL: `http://127.0.0.1:${port}/v1`, stop: () => child.kill('SIGTERM') };
}
