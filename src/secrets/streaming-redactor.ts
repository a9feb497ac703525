import { knownSecretValues } from './known-secrets.js';
import { redactString } from './redact-secrets.js';

/**
 * Redacts text that arrives in pieces (a model's stream): a known secret split across two pieces is
 * still caught, because the end of the text that could be the start of a secret is held back until the
 * next piece (or `end`) decides it.
 */
export function createStreamingRedactor(): { push(text: string): string; end(): string } {
  let pending = '';
  return {
    push(text) {
      pending += text;
      const hold = heldBack(pending);
      const ready = pending.slice(0, pending.length - hold);
      pending = pending.slice(pending.length - hold);
      return redactString(ready);
    },
    end() {
      const rest = redactString(pending);
      pending = '';
      return rest;
    },
  };
}

/** Length of the longest end of `text` that is a proper start of a known secret, or contains one. */
function heldBack(text: string): number {
  let hold = 0;
  for (const secret of knownSecretValues()) {
    for (let length = Math.min(secret.length - 1, text.length); length > hold; length--) {
      if (text.endsWith(secret.slice(0, length))) {
        hold = length;
        break;
      }
    }
  }
  return hold;
}
