package io.llmproxy.query.readmodel;

import io.llmproxy.kernel.keys.RateLimits;

/** Rate limits as the API shows them; a null field is no limit on that dimension. */
public record LimitsView(Long requestsPerMinute, Long tokensPerMinute) {

  public static LimitsView of(RateLimits limits) {
    return new LimitsView(limits.requestsPerMinute(), limits.tokensPerMinute());
  }
}
