import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState, type CircuitTransition } from './circuit-breaker.js';
import { createManualClock } from './clock.js';

const options = { errorThreshold: 0.5, windowMs: 10_000, minimumRequests: 4, cooldownMs: 5_000 };

describe('CircuitBreaker', () => {
  it('opens at ≥ 50 % errors once the minimum request count is reached, not before', () => {
    const clock = createManualClock();
    const breaker = new CircuitBreaker(clock, options);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    breaker.recordSuccess();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('forgets outcomes older than the window', () => {
    const clock = createManualClock();
    const breaker = new CircuitBreaker(clock, options);
    breaker.recordFailure();
    breaker.recordFailure();
    breaker.recordFailure();
    clock.advance(10_001);
    breaker.recordFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.errorRate).toBe(1);
  });

  it('lets exactly one probe through after the cooldown and closes when it succeeds', () => {
    const clock = createManualClock();
    const transitions: CircuitTransition[] = [];
    const breaker = new CircuitBreaker(clock, options, (t) => transitions.push(t));
    for (let i = 0; i < 4; i++) breaker.recordFailure();
    clock.advance(4_999);
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens for a full cooldown when the probe fails', () => {
    const clock = createManualClock();
    const breaker = new CircuitBreaker(clock, options);
    for (let i = 0; i < 4; i++) breaker.recordFailure();
    clock.advance(5_000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.retryInMs).toBe(5_000);
  });

  it('only ever makes legal transitions and never admits a request while open (property)', () => {
    const legal = new Set(['closed>open', 'open>half-open', 'half-open>closed', 'half-open>open']);
    const step = fc.oneof(
      fc.constant({ kind: 'acquire' as const }),
      fc.constant({ kind: 'success' as const }),
      fc.constant({ kind: 'failure' as const }),
      fc.constant({ kind: 'release' as const }),
      fc.integer({ min: 1, max: 8_000 }).map((ms) => ({ kind: 'advance' as const, ms })),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const clock = createManualClock();
        const seen: string[] = [];
        const breaker = new CircuitBreaker(clock, options, (t) => seen.push(`${t.from}>${t.to}`));
        let probes = 0;
        for (const s of steps) {
          const before: CircuitState = breaker.state;
          if (s.kind === 'advance') clock.advance(s.ms);
          else if (s.kind === 'acquire') {
            const admitted = breaker.tryAcquire();
            if (before === 'open') expect(admitted).toBe(false);
            if (admitted && breaker.state === 'half-open') probes++;
            // At most one probe is outstanding while half-open.
            expect(probes).toBeLessThanOrEqual(1);
          } else {
            if (s.kind === 'success') breaker.recordSuccess();
            else if (s.kind === 'failure') breaker.recordFailure();
            else breaker.release();
            probes = 0;
          }
        }
        for (const transition of seen) expect(legal.has(transition)).toBe(true);
      }),
    );
  });
});
