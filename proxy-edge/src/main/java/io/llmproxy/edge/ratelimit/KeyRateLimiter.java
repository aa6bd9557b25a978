package io.llmproxy.edge.ratelimit;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.keys.RegisteredTeam;
import io.llmproxy.edge.keys.TeamRegistry;
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
 * Requests-per-minute and tokens-per-minute limits per key and per team, enforced in this node's
 * memory with token buckets. A key without limits of its own gets its team's per-key limits; a
 * team's own limits cap all its keys together. A request takes one request unit at admission; its
 * tokens are taken when its usage is recorded, so a long answer can overdraw the token budget and
 * hold back the requests after it until the refill has paid the debt.
 */
@Component
public class KeyRateLimiter {

  private final Map<String, Buckets> byKey = new ConcurrentHashMap<>();
  private final Map<String, Buckets> byTeam = new ConcurrentHashMap<>();
  private final Map<String, Charged> chargedByKey = new ConcurrentHashMap<>();
  private final TeamRegistry teams;
  private final LongSupplier nanoTime;

  private record Buckets(
      String scope, RateLimits limits, TokenBucket requests, TokenBucket tokens) {

    static Buckets of(String scope, RateLimits limits, long now) {
      return new Buckets(
          scope,
          limits,
          TokenBucket.perMinute(limits.requestsPerMinute(), now),
          TokenBucket.perMinute(limits.tokensPerMinute(), now));
    }
  }

  /** The limits that applied to a key at its last admission; usage is charged to the same ones. */
  private record Charged(Buckets key, Buckets team) {}

  @Autowired
  KeyRateLimiter(TeamRegistry teams) {
    this(teams, System::nanoTime);
  }

  KeyRateLimiter(TeamRegistry teams, LongSupplier nanoTime) {
    this.teams = teams;
    this.nanoTime = nanoTime;
  }

  /**
   * Admits a request of {@code key} or refuses it with a 429 in OpenAI's rate-limit shape. Answers
   * the {@code x-ratelimit-*} headers for the response: the key's limits, or its team's when the
   * key has none (no headers when neither is limited).
   */
  public Map<String, String> admit(RegisteredKey key) {
    RegisteredTeam team = teams.find(key.teamId()).orElse(null);
    RateLimits keyLimits =
        key.limits().isUnlimited() && team != null ? team.keyLimits() : key.limits();
    RateLimits teamLimits = team == null ? RateLimits.NONE : team.limits();
    if (keyLimits.isUnlimited() && teamLimits.isUnlimited()) {
      chargedByKey.remove(key.keyId());
      return Map.of();
    }
    long now = nanoTime.getAsLong();
    Buckets keyBuckets = current(byKey, key.keyId(), "key", keyLimits, now);
    Buckets teamBuckets =
        team == null ? null : current(byTeam, team.teamId(), "team", teamLimits, now);
    chargedByKey.put(key.keyId(), new Charged(keyBuckets, teamBuckets));
    requireTokens(keyBuckets, now);
    requireTokens(teamBuckets, now);
    takeRequest(keyBuckets, null, now);
    takeRequest(teamBuckets, keyBuckets, now);
    return headers(keyBuckets != null ? keyBuckets : teamBuckets, now);
  }

  /** Charges a finished request's tokens to the buckets its key was admitted under. */
  public void consume(String keyId, long tokens) {
    Charged charged = chargedByKey.get(keyId);
    if (charged == null || tokens <= 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    for (Buckets buckets : new Buckets[] {charged.key(), charged.team()}) {
      if (buckets != null && buckets.tokens() != null) {
        buckets.tokens().consume(tokens, now);
      }
    }
  }

  private static Buckets current(
      Map<String, Buckets> all, String id, String scope, RateLimits limits, long now) {
    if (limits.isUnlimited()) {
      all.remove(id);
      return null;
    }
    return all.compute(
        id,
        (key, existing) ->
            existing != null && existing.limits().equals(limits)
                ? existing
                : Buckets.of(scope, limits, now));
  }

  private static void requireTokens(Buckets buckets, long now) {
    if (buckets != null && buckets.tokens() != null && !buckets.tokens().hasAny(now)) {
      throw refused("tokens", buckets.tokens(), buckets, now);
    }
  }

  /** Takes one request unit; a refusal gives back the unit already taken from {@code taken}. */
  private static void takeRequest(Buckets buckets, Buckets taken, long now) {
    if (buckets == null || buckets.requests() == null || buckets.requests().tryTake(now)) {
      return;
    }
    if (taken != null && taken.requests() != null) {
      taken.requests().consume(-1, now);
    }
    throw refused("requests", buckets.requests(), buckets, now);
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
                + " per minute on this "
                + buckets.scope()
                + " (limit "
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
