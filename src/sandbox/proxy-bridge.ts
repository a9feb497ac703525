/** The port inside the sandbox's own network namespace where commands find the proxy. */
export const bridgePort = 3128;

/**
 * A Node script run inside the sandbox (argv: socket path, port, then the command): it listens on the
 * namespace's loopback and forwards each connection to the host proxy's Unix socket, and only once it
 * listens does it start the command, so the command never races the bridge. The namespace has no
 * other interface, so the proxy is the only way out.
 */
export const proxyBridgeScript = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [socketPath, port, ...command] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.pipe(upstream);
  upstream.pipe(client);
});
server.listen(Number(port), '127.0.0.1', () => {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  child.on('exit', (code, signal) => process.exit(code ?? 128));
  child.on('error', (error) => { process.stderr.write(String(error) + '\\n'); process.exit(127); });
});
`;
