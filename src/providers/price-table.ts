import type { TokenUsage } from './model-client.js';

/** List price of one model, US dollars per million tokens, and the facts routing needs about it. */
export interface ModelPrice {
  model: string;
  vendor: 'anthropic' | 'google' | 'openai';
  inputPerMillion: number;
  outputPerMillion: number;
  /** Context window in tokens, used to move context-length failures to a larger model. */
  contextWindow: number;
  /** When the price was taken from the vendor's published list (ISO date). */
  takenOn: string;
  source: string;
}

const anthropic = 'https://docs.anthropic.com/en/docs/about-claude/pricing';
const google = 'https://ai.google.dev/gemini-api/docs/pricing';
const openai = 'https://openai.com/api/pricing';

/**
 * Standard (non-batch, no prompt caching, ≤ 200K-token prompts) list prices. Prices change: the date
 * on each row is when it was copied, and `ax providers list --json` shows it so nobody mistakes it for a
 * quote. The Anthropic rows match a pricing summary dated 2026-03-21; the Google and OpenAI rows are the
 * list prices as published in late 2025 and were not re-checked against the live pages. Models missing
 * here are priced at 0 and reported as unpriced rather than guessed.
 */
export const priceTable: readonly ModelPrice[] = [
  row('claude-opus-4-5', 'anthropic', 5, 25, 200_000, '2026-03-21', anthropic),
  row('claude-opus-4-1', 'anthropic', 15, 75, 200_000, '2026-03-21', anthropic),
  row('claude-sonnet-4-5', 'anthropic', 3, 15, 200_000, '2026-03-21', anthropic),
  row('claude-sonnet-4', 'anthropic', 3, 15, 200_000, '2026-03-21', anthropic),
  row('claude-haiku-4-5', 'anthropic', 1, 5, 200_000, '2026-03-21', anthropic),
  row('claude-3-5-haiku', 'anthropic', 0.8, 4, 200_000, '2026-03-21', anthropic),
  row('gemini-2.5-pro', 'google', 1.25, 10, 1_048_576, '2025-11-01', google),
  row('gemini-2.5-flash', 'google', 0.3, 2.5, 1_048_576, '2025-11-01', google),
  row('gemini-2.5-flash-lite', 'google', 0.1, 0.4, 1_048_576, '2025-11-01', google),
  row('gemini-2.0-flash', 'google', 0.1, 0.4, 1_048_576, '2025-11-01', google),
  row('gpt-5', 'openai', 1.25, 10, 400_000, '2025-11-01', openai),
  row('gpt-5-mini', 'openai', 0.25, 2, 400_000, '2025-11-01', openai),
  row('gpt-4.1', 'openai', 2, 8, 1_047_576, '2025-11-01', openai),
  row('gpt-4.1-mini', 'openai', 0.4, 1.6, 1_047_576, '2025-11-01', openai),
  row('gpt-4o', 'openai', 2.5, 10, 128_000, '2025-11-01', openai),
  row('gpt-4o-mini', 'openai', 0.15, 0.6, 128_000, '2025-11-01', openai),
];

function row(
  model: string,
  vendor: ModelPrice['vendor'],
  inputPerMillion: number,
  outputPerMillion: number,
  contextWindow: number,
  takenOn: string,
  source: string,
): ModelPrice {
  return { model, vendor, inputPerMillion, outputPerMillion, contextWindow, takenOn, source };
}

const byModel = new Map(priceTable.map((price) => [price.model, price]));

/**
 * The price row for a model id. Dated snapshots (`claude-sonnet-4-5-20250929`), `-latest` and `-exp`
 * suffixes resolve to their family; the longest matching prefix wins so `gpt-4o-mini` is not `gpt-4o`.
 */
export function findModelPrice(model: string): ModelPrice | undefined {
  const exact = byModel.get(model);
  if (exact) return exact;
  let best: ModelPrice | undefined;
  for (const price of priceTable) {
    if (model.startsWith(`${price.model}-`) && (!best || price.model.length > best.model.length))
      best = price;
  }
  return best;
}

/** Cost in US dollars of the given usage on the given model; 0 when the model is not in the table. */
export function costOf(model: string, usage: TokenUsage): number {
  const price = findModelPrice(model);
  if (!price) return 0;
  return (
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000
  );
}
