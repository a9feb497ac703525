import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A place in the project: `src/orders.js:6`. */
export interface FactLocation {
  file: string;
  line: number;
  text: string;
}

/** What AutomatosX itself reads off the project: facts, never model output. */
export interface ProjectFacts {
  files: number;
  lines: number;
  largest: { file: string; lines: number }[];
  markers: FactLocation[];
  secretShaped: FactLocation[];
  dependencies: string[];
  testFiles: string[];
}

const textFile =
  /\.(ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|kt|rb|php|cs|c|cc|cpp|h|swift|scala|sh|json|ya?ml|toml|env|md)$/;
const marker = /\b(TODO|FIXME|HACK|XXX)\b/;
// Credential-shaped text: provider keys, cloud keys, private keys, and literal passwords/tokens.
const secretShape =
  /(sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|(?:password|passwd|secret|token|api[_-]?key)\s*[:=]\s*['"][^'"\s]{6,}['"])/i;
const testFile = /(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[a-z]+$/;
const maxFiles = 5_000;
const maxBytes = 1_000_000;

/** Walks the project (skipping dot folders and node_modules) and collects the facts the demo reports. */
export function collectProjectFacts(root: string): ProjectFacts {
  const facts: ProjectFacts = {
    files: 0,
    lines: 0,
    largest: [],
    markers: [],
    secretShaped: [],
    dependencies: [],
    testFiles: [],
  };
  const sizes: { file: string; lines: number }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (facts.files >= maxFiles || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && textFile.test(entry.name) && statSync(path).size <= maxBytes) {
        const file = relative(root, path);
        const text = readFileSync(path, 'utf8').split('\n');
        facts.files++;
        facts.lines += text.length;
        sizes.push({ file, lines: text.length });
        if (testFile.test(file)) facts.testFiles.push(file);
        text.forEach((line, index) => {
          if (marker.test(line))
            facts.markers.push({ file, line: index + 1, text: line.trim().slice(0, 100) });
          if (secretShape.test(line)) facts.secretShaped.push({ file, line: index + 1, text: '[redacted]' });
        });
      }
    }
  };
  walk(root);
  facts.largest = sizes.sort((a, b) => b.lines - a.lines).slice(0, 3);
  const manifest = join(root, 'package.json');
  if (existsSync(manifest)) {
    try {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string>>;
      facts.dependencies = Object.keys({ ...parsed.dependencies, ...parsed.devDependencies }).sort();
    } catch {
      // A broken package.json is itself a finding, but not one the demo makes; its deps stay unknown.
    }
  }
  return facts;
}
