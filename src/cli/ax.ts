#!/usr/bin/env node
// The `ax` binary. It checks the Node version before anything else is loaded: the store needs
// `node:sqlite` (Node 22.5+), and an older Node should get a sentence, not a module-loader trace.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `ax needs Node.js 22.12 or newer (this is ${process.version}). Install Node 24, e.g. \`npm install --prefix ~/.node24 node@24\` and put ~/.node24/node_modules/.bin first on PATH.\n`,
  );
  process.exit(2);
}
// Compiled code is cached between runs (in the OS temp folder), which roughly halves start-up.
(await import('node:module')).enableCompileCache?.();
const [{ main }, { endQuietlyOnClosedPipe }] = await Promise.all([
  import('./main.js'),
  import('./end-quietly-on-closed-pipe.js'),
]);
endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);
process.exitCode = await main();
