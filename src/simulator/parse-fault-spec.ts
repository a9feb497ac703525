import { InvalidInputError } from '../errors/index.js';
import { validateFaultRule } from './fault-book.js';
import type { FaultKind, FaultRule } from './simulator-options.js';

const usage =
  'Write --fault as provider:kind[:when][:key=value…], e.g. openai:rate-limit:1,2:retry=3, ' +
  'anthropic:server-error:every=2, gemini:stream-cut:p=0.3:after=5, "*:unavailable:2-4". ' +
  'provider is anthropic, openai, gemini, a compat name or * for all; when is request numbers (1,3), ' +
  'a range (2-5), every=N or p=0.25; keys: retry (seconds), retry-ms, after (tokens), delay (ms), times.';

/** Parses the CLI's compact fault notation into a validated `FaultRule`. */
export function parseFaultSpec(spec: string): FaultRule {
  const [provider, kind, ...rest] = spec.split(':');
  if (!provider || !kind) throw new InvalidInputError(`Cannot read --fault "${spec}". ${usage}`);
  const rule: FaultRule = { fault: kind as FaultKind };
  if (provider !== '*' && provider !== 'all') rule.provider = provider;
  for (const part of rest) {
    const [key, value] = part.includes('=')
      ? [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]
      : [part, ''];
    const number = Number(value);
    if (!part.includes('=')) {
      const range = /^(\d+)-(\d+)$/.exec(part);
      if (range) rule.on = { ...rule.on, from: Number(range[1]), to: Number(range[2]) };
      else if (/^\d+(,\d+)*$/.test(part)) rule.on = { ...rule.on, requests: part.split(',').map(Number) };
      else throw new InvalidInputError(`Cannot read "${part}" in --fault "${spec}". ${usage}`);
      continue;
    }
    if (value === '' || !Number.isFinite(number)) {
      throw new InvalidInputError(`"${key}" in --fault "${spec}" needs a number. ${usage}`);
    }
    switch (key) {
      case 'every':
        rule.on = { ...rule.on, every: number };
        break;
      case 'p':
        rule.on = { ...rule.on, probability: number };
        break;
      case 'retry':
        rule.retryAfterSeconds = number;
        break;
      case 'retry-ms':
        rule.retryAfterMs = number;
        break;
      case 'after':
        rule.afterTokens = number;
        break;
      case 'delay':
        rule.delayMs = number;
        break;
      case 'times':
        rule.times = number;
        break;
      default:
        throw new InvalidInputError(`Unknown key "${key}" in --fault "${spec}". ${usage}`);
    }
  }
  validateFaultRule(rule);
  return rule;
}
