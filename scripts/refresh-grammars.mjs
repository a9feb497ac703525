// Refreshes the tree-sitter grammars committed in grammars/ (see grammars/manifest.json and
// docs/languages.md). A development-time tool, never run by `npm install`:
//  - `npm` sources: `npm pack <package>@<version>` (no install scripts run) and take the prebuilt `.wasm`
//    and the license out of the tarball;
//    a package that ships only the grammar's generated C (`parser.c`, `scanner.c`) is built into a
//    WebAssembly side module with clang and wasm-ld (Debian: `apt-get install clang lld wasi-libc`), the
//    same kind of module tree-sitter's own `build --wasm` makes, which web-tree-sitter loads.
// Only npm is a source: a grammar is committed here only when this script can rebuild it from the registry.
// Then it writes each file's size and SHA-256 back into the manifest.
//   node scripts/refresh-grammars.mjs [--only id,id]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('../grammars/', import.meta.url));
const manifestPath = join(folder, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const args = process.argv.slice(2);
const valuesOf = (flag) => args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));
const only = new Set(valuesOf('--only').flatMap((list) => list.split(',')));
const work = mkdtempSync(join(tmpdir(), 'ax-grammars-'));
const run = (command, commandArgs, options = {}) =>
  execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });

try {
  for (const grammar of manifest.grammars) {
    if (only.size > 0 && !only.has(grammar.id)) continue;
    process.stderr.write(`${grammar.id}: `);
    const target = join(folder, grammar.file);
    if (grammar.source.type !== 'npm') throw new Error(`${grammar.id}: only npm sources are supported`);
    fromNpm(grammar, target);
    const bytes = readFileSync(target);
    grammar.bytes = bytes.length;
    grammar.sha256 = createHash('sha256').update(bytes).digest('hex');
    process.stderr.write(`${grammar.file} (${bytes.length} bytes)\n`);
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function fromNpm(grammar, target) {
  const { package: name, version, path } = grammar.source;
  const into = mkdtempSync(join(work, 'npm-'));
  const tarball = run('npm', ['pack', `${name}@${version}`, '--pack-destination', into, '--silent'])
    .trim()
    .split('\n')
    .at(-1);
  run('tar', ['-xzf', join(into, tarball), '-C', into]);
  // A package that ships only the generated C (no .wasm) is built like a git source.
  if (path) copyFileSync(join(into, 'package', path), target);
  else build(grammar, join(into, 'package', 'src'), target);
  copyLicense(grammar, join(into, 'package'));
}

function build(grammar, source, target) {
  const objects = [];
  for (const file of ['parser.c', 'scanner.c']) {
    if (!existsSync(join(source, file))) continue;
    const object = join(work, `${grammar.id}-${file}.o`);
    // Emscripten's target triple gives position-independent code with the dylink.0 section that
    // web-tree-sitter's loader reads; wasi-libc supplies the C headers the scanners include.
    run('clang', [
      '--target=wasm32-unknown-emscripten',
      '-isystem',
      '/usr/include/wasm32-wasi',
      '-D__wasi__',
      '-fPIC',
      '-O2',
      '-fvisibility=hidden',
      '-I',
      source,
      '-c',
      join(source, file),
      '-o',
      object,
    ]);
    objects.push(object);
  }
  if (existsSync(join(source, 'scanner.cc')))
    throw new Error(`${grammar.id}: C++ scanners are not supported`);
  run('wasm-ld', [
    '--experimental-pic',
    '-shared',
    '--no-entry',
    '--strip-all',
    `--export=${grammar.symbol}`,
    '--allow-undefined',
    '-o',
    target,
    ...objects,
  ]);
}

function copyLicense(grammar, from) {
  const target = join(folder, grammar.licenseFile);
  const name = readdirSync(from).find((file) => /^licen[cs]e/i.test(file));
  if (name) return copyFileSync(join(from, name), target);
  // A few packages declare their license only in package.json; record what they declare.
  const meta = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  if (!meta.license) throw new Error(`${grammar.id}: no license file and no license in package.json`);
  const author = typeof meta.author === 'string' ? meta.author : (meta.author?.name ?? 'its authors');
  const repository = typeof meta.repository === 'string' ? meta.repository : (meta.repository?.url ?? '');
  writeFileSync(
    target,
    `${meta.name}@${meta.version} ships no license file; its package.json declares the license ${meta.license}.\n` +
      `Copyright: ${author}${repository ? ` (${repository})` : ''}.\n`,
  );
}
