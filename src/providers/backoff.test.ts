import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryAfterFromResponse } from './backoff.js';

describe('fullJitterDelay', () => {
  it('stays within [0, min(cap, base × 2^n)) for any retry index and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (retryIndex, draw, baseMs, capMs) => {
          const delay = fullJitterDelay(retryIndex, () => draw, { baseMs, capMs });
          const ceiling = Math.min(capMs, baseMs * 2 ** retryIndex);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(1, ceiling));
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
  });

  it('grows its ceiling as 1000 × 2^n ms by default until the cap', () => {
    const top = () => 0.999_999;
    expect(fullJitterDelay(0, top)).toBe(999);
    expect(fullJitterDelay(1, top)).toBe(1999);
    expect(fullJitterDelay(2, top)).toBe(3999);
    expect(fullJitterDelay(3, top)).toBe(7999);
    expect(fullJitterDelay(10, top)).toBe(9999);
    expect(fullJitterDelay(5, () => 0)).toBe(0);
  });
});

describe('retryAfterFromResponse', () => {
  it('prefers retry-after-ms, then retry-after seconds or date, then Gemini RetryInfo', () => {
    expect(retryAfterFromResponse({ 'retry-after-ms': '250', 'retry-after': '9' }, undefined)).toBe(250);
    expect(retryAfterFromResponse({ 'Retry-After': '2' }, undefined)).toBe(2000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterFromResponse({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, undefined, now)).toBe(
      5000,
    );
    const body = JSON.stringify({
      error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }] },
    });
    expect(retryAfterFromResponse({}, body)).toBe(1500);
    expect(retryAfterFromResponse({}, '{"error":{"message":"slow down"}}')).toBeUndefined();
    expect(retryAfterFromResponse(undefined, undefined)).toBeUndefined();
  });
});
