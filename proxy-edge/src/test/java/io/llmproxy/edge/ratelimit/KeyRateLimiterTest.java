package io.llmproxy.edge.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.keys.TeamRegistry;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.teams.TeamAttributes;
import io.llmproxy.kernel.teams.TeamCreated;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TeamRegistry teams = new TeamRegistry();
  private final KeyRateLimiter limiter = new KeyRateLimiter(teams, now::get);

  @Test
  void requestsBeyondTheMinuteLimitAreRefusedUntilTheBucketRefills() {
    RegisteredKey key = key(new RateLimits(2L, null));
    assertThat(limiter.admit(key)).containsEntry("x-ratelimit-remaining-requests", "1");
    assertThat(limiter.admit(key))
        .containsEntry("x-ratelimit-limit-requests", "2")
        .containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-reset-requests", "1m0s");
    assertThatThrownBy(() -> limiter.admit(key))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(429);
              assertThat(e.type()).isEqualTo("requests");
              assertThat(e.code()).isEqualTo("rate_limit_exceeded");
              assertThat(e.headers()).containsEntry("Retry-After", "30");
            });
    advance(30);
    assertThat(limiter.admit(key)).containsEntry("x-ratelimit-remaining-requests", "0");
  }

  @Test
  void tokensAreChargedWhenKnownAndADebtHoldsBackLaterRequests() {
    RegisteredKey key = key(new RateLimits(null, 100L));
    limiter.admit(key);
    limiter.consume(key.keyId(), 150);
    assertThatThrownBy(() -> limiter.admit(key))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.type()).isEqualTo("tokens");
              // 51 tokens missing at 100 per minute: 30.6 s
              assertThat(e.headers()).containsEntry("Retry-After", "31");
            });
    advance(31);
    assertThat(limiter.admit(key)).containsKey("x-ratelimit-remaining-tokens");
  }

  @Test
  void aKeyWithoutLimitsIsNeverCountedAndNewLimitsStartAFreshBucket() {
    RegisteredKey unlimited = key(RateLimits.NONE);
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.admit(unlimited)).isEmpty();
    }
    limiter.admit(key(new RateLimits(1L, null)));
    Map<String, String> raised = limiter.admit(key(new RateLimits(5L, null)));
    assertThat(raised).containsEntry("x-ratelimit-remaining-requests", "4");
  }

  @Test
  void durationsUseOpenAisNotation() {
    assertThat(KeyRateLimiter.duration(TimeUnit.MILLISECONDS.toNanos(20))).isEqualTo("20ms");
    assertThat(KeyRateLimiter.duration(TimeUnit.SECONDS.toNanos(7))).isEqualTo("7s");
    assertThat(KeyRateLimiter.duration(TimeUnit.SECONDS.toNanos(360))).isEqualTo("6m0s");
  }

  private void advance(long seconds) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
  }

  @Test
  void aKeyWithoutLimitsOfItsOwnGetsItsTeamsPerKeyLimits() {
    teams.on(
        new TeamCreated(
            "team_1", new TeamAttributes("t", null, new RateLimits(1L, null), null), Instant.EPOCH),
        0);
    RegisteredKey member = key("key000000001", RateLimits.NONE, "team_1");
    assertThat(limiter.admit(member)).containsEntry("x-ratelimit-limit-requests", "1");
    assertThatThrownBy(() -> limiter.admit(member))
        .hasMessageContaining("per minute on this key (limit 1)");
    RegisteredKey ownLimits = key("key000000002", new RateLimits(3L, null), "team_1");
    assertThat(limiter.admit(ownLimits)).containsEntry("x-ratelimit-limit-requests", "3");
  }

  @Test
  void aTeamsOwnLimitCapsAllItsKeysTogether() {
    teams.on(
        new TeamCreated(
            "team_1", new TeamAttributes("t", new RateLimits(3L, 100L), null, null), Instant.EPOCH),
        0);
    RegisteredKey first = key("key000000001", new RateLimits(2L, null), "team_1");
    RegisteredKey second = key("key000000002", RateLimits.NONE, "team_1");
    limiter.admit(first);
    limiter.admit(second);
    assertThat(limiter.admit(second)).containsEntry("x-ratelimit-remaining-requests", "0");
    assertThatThrownBy(() -> limiter.admit(first))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getMessage()).contains("on this team (limit 3)");
              assertThat(e.code()).isEqualTo("rate_limit_exceeded");
            });
    // the refused request took nothing from its key: after the team refills, the key has 1 left
    advance(20);
    assertThat(limiter.admit(first)).containsEntry("x-ratelimit-remaining-requests", "0");

    limiter.consume(second.keyId(), 150);
    assertThatThrownBy(() -> limiter.admit(first))
        .hasMessageContaining("tokens per minute on this team");
  }

  private static RegisteredKey key(RateLimits limits) {
    return key("key000000001", limits, null);
  }

  private static RegisteredKey key(String id, RateLimits limits, String teamId) {
    return new RegisteredKey(
        id, "k", Set.of(), null, limits, teamId, null, "h".repeat(64), null, null, false, false, 0);
  }
}
