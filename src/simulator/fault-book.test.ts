import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultBook, seededRandom, validateFaultRule } from './fault-book.js';

const firing = (book: FaultBook, provider: string, count: number) =>
  Array.from({ length: count }, () => book.next(provider).fault?.fault ?? null);

describe('FaultBook', () => {
  it('counts requests per provider, 1-based', () => {
    const book = new FaultBook(Math.random, [
      { provider: 'openai', fault: 'server-error', on: { requests: [2] } },
    ]);
    expect(book.next('anthropic')).toEqual({ requestNumber: 1 });
    expect(book.next('openai')).toEqual({ requestNumber: 1 });
    expect(book.next('openai').fault?.fault).toBe('server-error');
    expect(book.next('openai')).toEqual({ requestNumber: 3 });
  });

  it('takes the first matching rule and spends rules with times', () => {
    const book = new FaultBook(Math.random, [
      { fault: 'rate-limit', times: 1 },
      { fault: 'unavailable', on: { every: 2 } },
    ]);
    expect(firing(book, 'x', 4)).toEqual(['rate-limit', 'unavailable', null, 'unavailable']);
    book.resetCounters();
    expect(firing(book, 'x', 2)).toEqual(['rate-limit', 'unavailable']);
  });

  it('fires an every-n rule exactly on multiples of n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 40 }), (every, count) => {
        const book = new FaultBook(Math.random, [{ fault: 'server-error', on: { every } }]);
        const fired = firing(book, 'p', count);
        return fired.every((fault, index) => (fault !== null) === ((index + 1) % every === 0));
      }),
    );
  });

  it('draws probability from the injected random source only when the other conditions hold', () => {
    const draws: number[] = [];
    const random = () => {
      draws.push(draws.length);
      return draws.length % 2 === 0 ? 0.1 : 0.9;
    };
    const book = new FaultBook(random, [{ fault: 'server-error', on: { from: 3, probability: 0.5 } }]);
    expect(firing(book, 'p', 6)).toEqual([null, null, null, 'server-error', null, 'server-error']);
    expect(draws).toHaveLength(4);
  });

  it('gives the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const take = (random: () => number) => Array.from({ length: 5 }, random);
    const first = take(a);
    expect(take(b)).toEqual(first);
    expect(take(c)).not.toEqual(first);
    expect(first.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('rejects rules that cannot mean what their author intended', () => {
    expect(() => validateFaultRule({ fault: 'boom' as never })).toThrow(
      /unknown fault "boom"\.[\s\S]*Use one of: rate-limit/,
    );
    expect(() => validateFaultRule({ fault: 'server-error', on: { every: 0 } })).toThrow(/on.every/);
    expect(() => validateFaultRule({ fault: 'server-error', on: { probability: 2 } })).toThrow(
      /between 0 and 1/,
    );
    expect(() => validateFaultRule({ fault: 'server-error', on: { requests: [0] } })).toThrow(/1-based/);
    expect(() => validateFaultRule({ fault: 'rate-limit', retryAfterSeconds: -1 })).toThrow(
      /retryAfterSeconds/,
    );
  });
});
