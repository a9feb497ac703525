import { AutomatosxError, ErrorKind } from '../errors/index.js';
import type { ModelAttempt } from './model-client.js';

const providerMarker = Symbol.for('automatosx.provider-error');

export interface ProviderErrorOptions {
  /** Name of the configured provider entry that failed (`claude`, `simulator-openai`, …). */
  provider: string;
  cause?: unknown;
  /** How long the provider asked us to wait before trying again, when it said so. */
  retryAfterMs?: number;
  /** HTTP status, when the failure came from an HTTP answer. */
  statusCode?: number;
}

/**
 * Base of every failure a provider call can end with. The router decides what to do from `isRetryable`
 * and `retryAfterMs` alone, so each subclass fixes `isRetryable` once instead of every caller guessing.
 */
export abstract class ProviderError extends AutomatosxError {
  /** Names of this error's classes up the chain, so `isInstance` works per subclass across package copies. */
  readonly [providerMarker]: ReadonlySet<string>;
  readonly provider: string;
  readonly retryAfterMs: number | undefined;
  readonly statusCode: number | undefined;
  abstract readonly isRetryable: boolean;

  constructor(
    message: string,
    code: string,
    options: ProviderErrorOptions,
    kind: ErrorKind = ErrorKind.failed,
  ) {
    super(message, { code, kind, cause: options.cause });
    const names = new Set<string>();
    for (
      let proto = new.target.prototype;
      proto && proto !== Error.prototype;
      proto = Object.getPrototypeOf(proto)
    ) {
      names.add(proto.constructor.name);
    }
    this[providerMarker] = names;
    this.provider = options.provider;
    this.retryAfterMs = options.retryAfterMs;
    this.statusCode = options.statusCode;
  }

  /** `ProviderRateLimitError.isInstance(e)` is true for that class and its subclasses only. */
  static override isInstance<T>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    if (typeof value !== 'object' || value === null || !(providerMarker in value)) return false;
    const names = (value as { [providerMarker]: unknown })[providerMarker];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    return names instanceof Set && names.has(this.name);
  }
}

/** 429: too many requests or tokens for this key right now. */
export class ProviderRateLimitError extends ProviderError {
  readonly isRetryable = true;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'provider-rate-limited', options);
  }
}

/** 401/403: the key is missing, wrong or revoked. Retrying cannot help; the provider is misconfigured. */
export class ProviderAuthError extends ProviderError {
  readonly isRetryable = false;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'provider-auth-failed', options);
  }
}

/** 529 / `overloaded_error` / 503 with an overload body: the provider is shedding load. */
export class ProviderOverloadedError extends ProviderError {
  readonly isRetryable = true;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'provider-overloaded', options);
  }
}

/** 5xx, 408, 409, or an answer the client could not parse: a transient fault on the provider's side. */
export class ProviderServerError extends ProviderError {
  readonly isRetryable = true;
  constructor(message: string, options: ProviderErrorOptions & { code?: string }) {
    super(message, options.code ?? 'provider-server-error', options);
  }
}

/** The connection failed or was reset before an answer came. */
export class ProviderConnectionError extends ProviderError {
  readonly isRetryable = true;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'provider-connection-failed', options);
  }
}

/** No answer (or no next chunk of a stream) within the provider's configured `timeout`. */
export class ProviderTimeoutError extends ProviderError {
  readonly isRetryable = true;
  readonly timeoutMs: number;
  constructor(message: string, options: ProviderErrorOptions & { timeoutMs: number }) {
    super(message, 'provider-timeout', options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The prompt does not fit the model's context window; only a model with a larger window can serve it. */
export class ContextLengthError extends ProviderError {
  readonly isRetryable = false;
  readonly model: string;
  constructor(message: string, options: ProviderErrorOptions & { model: string }) {
    super(message, 'context-length-exceeded', options);
    this.model = options.model;
  }
}

/**
 * The provider refused the content. Not failed over on purpose: sending refused content to the next
 * provider until one accepts it would turn the router into a way around every provider's policy.
 */
export class ContentFilterError extends ProviderError {
  readonly isRetryable = false;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'content-filtered', options);
  }
}

/**
 * 404 `model_not_found` / "model … is not supported": this provider does not serve the model it was
 * sent. That is the provider entry's misconfiguration, not the request's fault, so the router fails over
 * (and reports the provider as misconfigured) instead of stopping the whole request.
 */
export class ModelNotFoundError extends ProviderError {
  readonly isRetryable = false;
  readonly model: string;
  constructor(message: string, options: ProviderErrorOptions & { model: string }) {
    super(message, 'model-not-found', options);
    this.model = options.model;
  }
}

/** 400/404/422: the request itself is wrong (unknown model, bad parameter); the caller must change it. */
export class InvalidRequestError extends ProviderError {
  readonly isRetryable = false;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'invalid-request', options, ErrorKind.invalidInput);
  }
}

/**
 * A stream ended early: cut, stalled, corrupted or missing its terminal event. `partialText` is what the
 * caller already received; it is never presented as a complete answer. Retryable only in the sense that
 * a fresh request may succeed: the router retries it transparently only while nothing was delivered.
 */
export class StreamInterruptedError extends ProviderError {
  readonly isRetryable = true;
  readonly partialText: string;
  constructor(message: string, options: ProviderErrorOptions & { partialText: string }) {
    super(message, 'stream-interrupted', options);
    this.partialText = options.partialText;
  }
}

/** The caller's AbortSignal fired; nothing is retried. */
export class RequestCancelledError extends ProviderError {
  readonly isRetryable = false;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'request-cancelled', options);
  }
}

/** The request named a provider that exists in config but has no key, or is disabled, or does not exist. */
export class ProviderNotConfiguredError extends ProviderError {
  readonly isRetryable = false;
  constructor(message: string, options: ProviderErrorOptions) {
    super(message, 'provider-not-configured', options, ErrorKind.invalidInput);
  }
}

/** Every provider in the chain failed or was skipped; `attempts` says what happened on each. */
export class AllProvidersFailedError extends ProviderError {
  readonly isRetryable: boolean;
  readonly attempts: readonly ModelAttempt[];
  /** `retryAfterMs`: when nothing was tried because circuits are open, how long until one admits a probe. */
  constructor(
    attempts: readonly ModelAttempt[],
    lastError: ProviderError | undefined,
    retryAfterMs?: number,
  ) {
    const tried = [...new Set(attempts.map((a) => a.provider))];
    const lines = attempts.map(
      (a) =>
        `  ${a.provider} (${a.model}) try ${a.attempt}: ${a.outcome}${a.errorMessage ? ` - ${a.errorMessage}` : ''}`,
    );
    super(
      `all providers failed (${tried.join(', ') || 'none available'}):\n${lines.join('\n')}\n` +
        'check `ax providers health`, wait for open circuits to cool down, or configure another provider',
      'all-providers-failed',
      {
        provider: tried.join(','),
        cause: lastError,
        ...waitOption(retryAfterMs ?? lastError?.retryAfterMs),
      },
    );
    this.attempts = attempts;
    this.isRetryable = lastError?.isRetryable ?? true;
  }
}

function waitOption(retryAfterMs: number | undefined): { retryAfterMs?: number } {
  return retryAfterMs === undefined ? {} : { retryAfterMs };
}
