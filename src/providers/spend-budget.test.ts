import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from './budget-exceeded-error.js';
import type { ModelRequest } from './model-client.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { ProviderRouter } from './provider-router.js';
import { createSpendBudget } from './spend-budget.js';
import { createMemorySpendLedger } from './spend-ledger.js';

/** Answers with 1 000 input + 1 000 output tokens of claude-sonnet-4-5: $0.018 a call. */
function pricedAdapter(name: string): ProviderAdapter & { calls: number } {
  const usage = { inputTokens: 1_000, outputTokens: 1_000 };
  const adapter = {
    name,
    kind: 'anthropic' as const,
    defaultModel: 'claude-sonnet-4-5',
    simulated: false,
    calls: 0,
    async generate() {
      adapter.calls++;
      return { text: 'ok', toolCalls: [], finishReason: 'stop' as const, usage };
    },
    async *stream() {
      yield { type: 'finish' as const, finishReason: 'stop' as const, usage };
    },
    async healthCheck() {
      return { ok: true, latencyMs: 1 };
    },
  };
  return adapter;
}

const request: ModelRequest = { messages: [{ role: 'user', content: 'Plan the release.' }], runId: 'run-1' };
const day = () => new Date('2026-12-05T12:00:00Z');

describe('spend caps', () => {
  it('a run that would go past its cap fails with BudgetExceededError naming the cap; other runs go on', async () => {
    const claude = pricedAdapter('claude');
    const budget = createSpendBudget({ perRunUsd: 0.03 }, createMemorySpendLedger(), day);
    const router = new ProviderRouter({ providers: [{ adapter: claude, priority: 1 }], budget });
    await router.generate(request);
    await router.generate(request);
    const error = await router.generate(request).catch((e: unknown) => e);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'budget-exceeded',
      cap: 'per-run',
      capUsd: 0.03,
      isRetryable: false,
    });
    expect((error as Error).message).toMatch(/budget of run run-1 of \$0\.03 is reached \(\$0\.0360 spent/);
    expect(claude.calls).toBe(2);
    expect((await router.generate({ ...request, runId: 'run-2' })).text).toBe('ok');
    expect(await router.budgetReport('run-1')).toEqual([
      { cap: 'per-run', scope: 'run-1', capUsd: 0.03, spentUsd: expect.closeTo(0.036, 10) },
    ]);
  });

  it('a provider past its own daily cap is skipped: the router fails over, and fails only when all are capped', async () => {
    const claude = pricedAdapter('claude');
    const gemini = pricedAdapter('gemini');
    const budget = createSpendBudget(
      { providers: { claude: { dailyUsd: 0.01 }, gemini: { dailyUsd: 0.01 } } },
      createMemorySpendLedger(),
      day,
    );
    const router = new ProviderRouter({
      providers: [
        { adapter: claude, priority: 1 },
        { adapter: gemini, priority: 2 },
      ],
      budget,
    });
    expect((await router.generate(request)).provider).toBe('claude');
    const second = await router.generate(request);
    expect(second.provider).toBe('gemini');
    expect(second.attempts[0]).toMatchObject({
      provider: 'claude',
      outcome: 'skipped',
      errorCode: 'budget-exceeded',
    });
    const error = await router.generate(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'budget-exceeded', cap: 'provider-daily' });
    expect((error as Error).message).toMatch(/daily budget of provider (claude|gemini) of \$0\.01/);
    expect(await router.budgetReport()).toEqual([
      { cap: 'provider-daily', scope: 'claude', capUsd: 0.01, spentUsd: expect.closeTo(0.018, 10) },
      { cap: 'provider-daily', scope: 'gemini', capUsd: 0.01, spentUsd: expect.closeTo(0.018, 10) },
    ]);
  });

  it('the daily cap covers every provider and starts again the next UTC day', async () => {
    let now = new Date('2026-12-05T23:59:00Z');
    const budget = createSpendBudget({ dailyUsd: 0.02 }, createMemorySpendLedger(), () => now);
    const router = new ProviderRouter({
      providers: [{ adapter: pricedAdapter('claude'), priority: 1 }],
      budget,
    });
    await router.generate(request);
    await expect(router.generate({ ...request, maxTokens: 500 })).rejects.toMatchObject({ cap: 'daily' });
    now = new Date('2026-12-06T00:01:00Z');
    expect((await router.generate(request)).text).toBe('ok');
  });
});
