import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ExpressionContext } from './expression.js';
import { shellContexts, shellScript } from './shell-script.js';
import { compileTemplate } from './template.js';

const hostile = `$(echo RAN)'; echo RAN; echo '"; echo RAN; "\`echo RAN\``;
const context = { inputs: { x: hostile }, steps: {}, env: {} } as unknown as ExpressionContext;

function run(text: string): string {
  const { script, variables } = shellScript(compileTemplate(text), context);
  return execFileSync('/bin/sh', ['-c', script], { env: { ...process.env, ...variables }, encoding: 'utf8' });
}

describe('run: scripts without shell injection', () => {
  it('passes a hostile value as text wherever it stands', () => {
    expect(run('echo ${{ inputs.x }}')).toBe(`${hostile}\n`);
    expect(run('echo "value: ${{ inputs.x }}"')).toBe(`value: ${hostile}\n`);
    expect(run("echo 'value: ${{ inputs.x }}'")).toBe(`value: ${hostile}\n`);
    expect(run('cat <<EOF\nvalue: ${{ inputs.x }}\nEOF')).toBe(`value: ${hostile}\n`);
    expect(run("printf '%s|' ${{ inputs.x }} x")).toBe(`${hostile}|x|`);
    expect(run(`echo "$(printf '%s' '\${{ inputs.x }}')"`)).toBe(`${hostile}\n`);
  });

  it('allows only whole numbers in shell arithmetic, where bash evaluates the text', () => {
    const numbers = { ...context, inputs: { n: 21, x: hostile } } as unknown as ExpressionContext;
    const { script, variables } = shellScript(compileTemplate('echo $(( ${{ inputs.n }} * 2 ))'), numbers);
    expect(
      execFileSync('/bin/sh', ['-c', script], { env: { ...process.env, ...variables }, encoding: 'utf8' }),
    ).toBe('42\n');
    expect(() => shellScript(compileTemplate('echo $(( ${{ inputs.x }} + 1 ))'), numbers)).toThrow(
      /used in shell arithmetic .* not a whole number/,
    );
  });

  it('tracks quotes, escapes, comments and here-documents', () => {
    const contexts = shellContexts(
      compileTemplate(
        [
          "echo 'it''s ${{ inputs.a }}' \"x\\\" ${{ inputs.b }}\" # don't ${{ inputs.c }}",
          "cat <<-'RAW' <<NEXT",
          '\t${{ inputs.d }}',
          '\tRAW',
          '${{ inputs.e }}',
          'NEXT',
          'echo ${{ inputs.f }}',
        ].join('\n'),
      ),
    );
    expect(contexts).toEqual([
      'single-quoted',
      'double-quoted',
      'plain',
      'quoted-heredoc',
      'heredoc',
      'plain',
    ]);
  });
});
