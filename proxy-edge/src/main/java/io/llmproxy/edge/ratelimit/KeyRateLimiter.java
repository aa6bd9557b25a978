package io.llmproxy.edge.ratelimit;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.kernel.keys.RateLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Per-key requests-per-minute and tokens-per-minute limits, enforced in this node's memory with
 * token buckets. A request takes one request unit at admission; its tokens are taken when its usage
 * is recorded, so a long answer can overdraw the token budget and hold back the requests after it
 * until the refill has paid the debt.
 */
@Component
public class KeyRateLimiter {

  private final Map<String, Buckets> byKey = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  private record Buckets(RateLimits limits, TokenBucket requests, TokenBucket tokens) {}

  @Autowired
  KeyRateLimiter() {
    this(System::nanoTime);
  }

  KeyRateLimiter(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Admits a request of {@code key} or refuses it with a 429 in OpenAI's rate-limit shape. Answers
   * the {@code x-ratelimit-*} headers for the response (none for a key without limits).
   */
  public Map<String, String> admit(RegisteredKey key) {
    if (key.limits().isUnlimited()) {
      return Map.of();
    }
    long now = nanoTime.getAsLong();
    Buckets buckets = bucketsOf(key, now);
    if (buckets.tokens() != null && !buckets.tokens().hasAny(now)) {
      throw refused("tokens", buckets.tokens(), buckets, now);
    }
    if (buckets.requests() != null && !buckets.requests().tryTake(now)) {
      throw refused("requests", buckets.requests(), buckets, now);
    }
    return headers(buckets, now);
  }

  /** Charges a finished request's tokens to its key's token budget. */
  public void consume(String keyId, long tokens) {
    Buckets buckets = byKey.get(keyId);
    if (buckets != null && buckets.tokens() != null && tokens > 0) {
      buckets.tokens().consume(tokens, nanoTime.getAsLong());
    }
  }

  private Buckets bucketsOf(RegisteredKey key, long now) {
    return byKey.compute(
        key.keyId(),
        (id, current) ->
            current != null && current.limits().equals(key.limits())
                ? current
                : new Buckets(
                    key.limits(),
                    bucket(key.limits().requestsPerMinute(), now),
                    bucket(key.limits().tokensPerMinute(), now)));
  }

  private static TokenBucket bucket(Long perMinute, long now) {
    return perMinute == null ? null : new TokenBucket(perMinute, now);
  }

  private static ApiException refused(
      String dimension, TokenBucket bucket, Buckets buckets, long now) {
    long waitNanos = Math.max(1, bucket.nanosUntil(1, now));
    long retryAfterSeconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    ApiException error =
        new ApiException(
            HttpStatus.TOO_MANY_REQUESTS,
            dimension,
            "rate_limit_exceeded",
            null,
            "Rate limit reached for "
                + dimension
                + " per minute on this key (limit "
                + bucket.capacity()
                + "). Please try again in "
                + duration(waitNanos)
                + ".");
    error = error.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    for (var header : headers(buckets, now).entrySet()) {
      error = error.withHeader(header.getKey(), header.getValue());
    }
    return error;
  }

  private static Map<String, String> headers(Buckets buckets, long now) {
    Map<String, String> headers = new LinkedHashMap<>();
    put(headers, "requests", buckets.requests(), now);
    put(headers, "tokens", buckets.tokens(), now);
    return headers;
  }

  private static void put(Map<String, String> headers, String name, TokenBucket bucket, long now) {
    if (bucket == null) {
      return;
    }
    headers.put("x-ratelimit-limit-" + name, Long.toString(bucket.capacity()));
    headers.put("x-ratelimit-remaining-" + name, Long.toString(bucket.remaining(now)));
    headers.put("x-ratelimit-reset-" + name, duration(bucket.nanosUntilFull(now)));
  }

  /**
   * OpenAI's duration notation in its rate-limit headers: {@code 20ms}, {@code 7s}, {@code 6m0s}.
   */
  static String duration(long nanos) {
    long millis = (nanos + 999_999) / 1_000_000;
    if (millis < 1_000) {
      return millis + "ms";
    }
    long seconds = (millis + 999) / 1_000;
    return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
  }
}
