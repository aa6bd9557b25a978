package io.llmproxy.kernel.routing;

/**
 * How hard a route tries before giving up: attempts on its own deployments (the first included),
 * the exponential backoff between them (with full jitter, never shorter than the provider's
 * Retry-After), and the wall-clock budget of the whole request across attempts and fallbacks.
 */
public record RetryPolicy(
    int maxAttempts, long baseDelayMillis, long maxDelayMillis, long budgetMillis) {

  /** One attempt: a client SDK usually retries itself, and retries multiply. */
  public static final RetryPolicy NONE = new RetryPolicy(1, 250, 8_000, 120_000);

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw new IllegalArgumentException("retry.max_attempts must be between 1 and 10");
    }
    if (baseDelayMillis < 0 || maxDelayMillis < baseDelayMillis || maxDelayMillis > 60_000) {
      throw new IllegalArgumentException(
          "retry delays must satisfy 0 <= base_delay_ms <= max_delay_ms <= 60000");
    }
    if (budgetMillis < 1 || budgetMillis > 3_600_000) {
      throw new IllegalArgumentException("retry.budget_ms must be between 1 and 3600000");
    }
  }

  public static RetryPolicy orNone(RetryPolicy policy) {
    return policy == null ? NONE : policy;
  }
}
