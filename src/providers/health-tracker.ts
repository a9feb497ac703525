export interface HealthSnapshot {
  /** Exponentially weighted moving average of successful call latency, ms; undefined before any. */
  latencyMs: number | undefined;
  /** Exponentially weighted share of failed calls, 0..1. */
  errorRate: number;
  requests: number;
  failures: number;
  lastError: string | undefined;
}

/**
 * Latency and error-rate moving averages for the health-aware strategy. EWMA rather than a window so
 * that recording is O(1) and a recovered provider regains its standing gradually, not all at once.
 */
export class HealthTracker {
  private latency: number | undefined;
  private errors = 0;
  private requests = 0;
  private failures = 0;
  private lastError: string | undefined;

  constructor(private readonly alpha = 0.2) {}

  recordSuccess(latencyMs: number): void {
    this.requests++;
    this.latency =
      this.latency === undefined ? latencyMs : this.latency + this.alpha * (latencyMs - this.latency);
    this.errors += this.alpha * (0 - this.errors);
  }

  recordFailure(code: string): void {
    this.requests++;
    this.failures++;
    this.lastError = code;
    this.errors += this.alpha * (1 - this.errors);
  }

  snapshot(): HealthSnapshot {
    return {
      latencyMs: this.latency,
      errorRate: this.errors,
      requests: this.requests,
      failures: this.failures,
      lastError: this.lastError,
    };
  }
}
