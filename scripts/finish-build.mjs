// Makes the built CLI executable: npm links `ax` to dist/cli/ax.js, which must carry a shebang and +x.
import { chmodSync, readFileSync } from 'node:fs';

const bin = new URL('../dist/cli/ax.js', import.meta.url);
if (!readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')) {
  throw new Error('dist/cli/ax.js lacks its shebang: src/cli/ax.ts must start with #!/usr/bin/env node');
}
chmodSync(bin, 0o755);
