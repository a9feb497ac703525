import { describe, expect, it } from 'vitest';
import { formatConfigIssue, validateConfigText } from './validate-config-file.js';

describe('validateConfigText', () => {
  it('passes a valid file with operational sections and profiles', () => {
    const text = JSON.stringify({
      logging: { level: 'info' },
      features: { newRouter: true },
      alerts: { webhook: { url: 'https://hooks.example.com/ax', events: ['workflow_failed'] } },
      profiles: { production: { logging: { level: 'warn', file: '/var/log/ax.log' } } },
    });
    expect(validateConfigText(text, 'a.json')).toEqual([]);
  });

  it('points at the line and column of each field at fault', () => {
    const text = [
      '{',
      '  "logging": { "level": "loud" },',
      '  "workflows": {',
      '    "maxConcurrent": 0',
      '  },',
      '  "profiles": { "production": { "loging": {} } }',
      '}',
    ].join('\n');
    const issues = validateConfigText(text, 'cfg.json').map(formatConfigIssue);
    expect(issues).toHaveLength(3);
    expect(issues[0]).toMatch(/^cfg\.json:2:25: logging\.level: Invalid option/);
    expect(issues[1]).toMatch(/^cfg\.json:4:22: workflows\.maxConcurrent: /);
    expect(issues[2]).toBe(
      'cfg.json:6:33: profiles.production.loging: unknown field (did you mean logging?)',
    );
  });

  it('reports a JSON syntax error at its line', () => {
    const [issue] = validateConfigText('{\n  "logging": {,}\n}', 'cfg.json');
    expect(issue).toMatchObject({ file: 'cfg.json', line: 2, path: '' });
    expect(issue?.message).toMatch(/^not valid JSON/);
  });
});
