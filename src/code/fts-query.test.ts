import { DatabaseSync } from 'node:sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors/index.js';
import { toFtsQuery } from './fts-query.js';

describe('toFtsQuery', () => {
  it('quotes words, keeps phrases, operators between terms and prefixes', () => {
    expect(toFtsQuery('retry backoff')).toBe('"retry" AND "backoff"');
    expect(toFtsQuery('retry backoff', { defaultOperator: 'OR' })).toBe('"retry" OR "backoff"');
    expect(toFtsQuery('"exact phrase" OR other')).toBe('"exact phrase" OR "other"');
    expect(toFtsQuery('"unterminated phrase')).toBe('"unterminated phrase"');
    expect(toFtsQuery('pars*')).toBe('"pars"*');
    expect(toFtsQuery('foo.bar(baz)')).toBe('"foo bar baz"');
    expect(toFtsQuery('AND foo OR')).toBe('"foo"');
    expect(toFtsQuery('foo and bar')).toBe('"foo" AND "and" AND "bar"');
    expect(() => toFtsQuery('*** ""')).toThrow(InvalidInputError);
  });

  it('never produces a query FTS5 rejects, whatever a person types', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE VIRTUAL TABLE t USING fts5(body, tokenize = "unicode61 tokenchars \'_\'")');
    db.exec("INSERT INTO t (body) VALUES ('parse the config_file quickly')");
    const search = db.prepare('SELECT rowid FROM t WHERE t MATCH ?');
    const typed = fc.stringMatching(/^[a-z_"*()^:+\-. ANDORNT\u00e9\u4e2d]{0,24}$/);
    fc.assert(
      fc.property(fc.oneof(typed, fc.string(), fc.string({ unit: 'binary' })), (input) => {
        let query: string;
        try {
          query = toFtsQuery(input);
        } catch (error) {
          expect(InvalidInputError.isInstance(error)).toBe(true);
          return;
        }
        expect(() => search.all(query)).not.toThrow();
      }),
      { numRuns: 500 },
    );
    db.close();
  });
});
