import { describe, expect, it } from 'vitest';
import { expandEnvironment } from './expand-environment.js';

describe('expandEnvironment', () => {
  it('reads ${VAR} and ${VAR:-default} from the environment', () => {
    const env = { TOKEN: 'abc', EMPTY: '' };
    expect(expandEnvironment('Bearer ${TOKEN}', env, 'f')).toBe('Bearer abc');
    expect(expandEnvironment('${MISSING:-fallback}/${EMPTY:-x}', env, 'f')).toBe('fallback/x');
    expect(expandEnvironment('no variables', env, 'f')).toBe('no variables');
  });

  it('names the field when a variable is unset and has no default', () => {
    expect(() => expandEnvironment('${NOPE}', {}, 'mcpServers.github.env.TOKEN')).toThrow(
      'mcpServers.github.env.TOKEN: ${NOPE} is not set in the environment',
    );
  });
});
