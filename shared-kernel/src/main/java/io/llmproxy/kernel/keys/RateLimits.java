package io.llmproxy.kernel.keys;

/**
 * A key's rate limits; a null field is no limit on that dimension.
 *
 * @param requestsPerMinute requests admitted per minute
 * @param tokensPerMinute prompt plus completion tokens consumed per minute
 */
public record RateLimits(Long requestsPerMinute, Long tokensPerMinute) {

  public static final RateLimits NONE = new RateLimits(null, null);

  public RateLimits {
    if (requestsPerMinute != null && requestsPerMinute < 1) {
      throw new IllegalArgumentException("requests_per_minute must be at least 1");
    }
    if (tokensPerMinute != null && tokensPerMinute < 1) {
      throw new IllegalArgumentException("tokens_per_minute must be at least 1");
    }
  }

  /** Events written before limits existed carry none. */
  public static RateLimits orNone(RateLimits limits) {
    return limits == null ? NONE : limits;
  }

  public boolean isUnlimited() {
    return requestsPerMinute == null && tokensPerMinute == null;
  }
}
