package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.ratelimit.ClientNetworks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mock.env.MockEnvironment;

class LoginThrottleTest {

  private static final long SECOND = 1_000_000_000L;
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

  private final AtomicLong now = new AtomicLong(42 * SECOND);

  @Test
  void fiveFreeFailuresThenTheWaitDoublesUpToTheCap() {
    LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(10), 1_000, 100, now::get);
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    List<String> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String wait = retryAfter(() -> throttle.admit("alice", "10.0.0.1"));
      waits.add(wait);
      now.addAndGet(Long.parseLong(wait) * SECOND - 1);
      assertThat(retryAfter(() -> throttle.admit("alice", "10.0.0.1"))).isEqualTo("1");
      now.incrementAndGet();
      throttle.admit("alice", "10.0.0.1");
    }
    assertThat(waits).containsExactly("1", "2", "4", "8", "10", "10");
  }

  @Test
  void failuresFromOneAddressNeverStopTheRightPasswordFromAnother() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 50; i++) {
      try {
        throttle.admit("admin", "10.0.0.1");
      } catch (ApiException refused) {
        assertThat(refused.status().value()).isEqualTo(429);
      }
    }
    assertThat(retryAfter(() -> throttle.admit("admin", "10.0.0.1"))).isNotNull();
    assertThatCode(() -> throttle.admit("admin", "10.0.0.2")).doesNotThrowAnyException();
    throttle.succeeded("admin", "10.0.0.2");
  }

  @Test
  void aSuccessForgivesOnlyTheFailuresFromItsOwnAddress() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
      throttle.admit("alice", "10.0.0.2");
    }
    throttle.succeeded("alice", "10.0.0.1");
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    assertThat(retryAfter(() -> throttle.admit("alice", "10.0.0.1"))).isEqualTo("1");
    assertThat(retryAfter(() -> throttle.admit("alice", "10.0.0.2"))).isEqualTo("1");
  }

  @Test
  void failuresAreForgottenAnHourAfterTheLastWaitEnded() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    now.addAndGet(SECOND + Duration.ofHours(1).toNanos() - 1);
    throttle.admit("alice", "10.0.0.1");
    // the sixth failure, an hour too early to be forgotten: two seconds
    assertThat(retryAfter(() -> throttle.admit("alice", "10.0.0.1"))).isEqualTo("2");
    now.addAndGet(2 * SECOND + Duration.ofHours(1).toNanos());
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    assertThat(retryAfter(() -> throttle.admit("alice", "10.0.0.1"))).isEqualTo("1");
  }

  @Test
  void twentyAttemptsPerAddressWhateverTheUsernames() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 20; i++) {
      throttle.admit("user" + i, "10.0.0.9");
    }
    assertThat(retryAfter(() -> throttle.admit("someone-new", "10.0.0.9"))).isEqualTo("3");
    assertThatCode(() -> throttle.admit("someone-new", "10.0.0.10")).doesNotThrowAnyException();
  }

  @Test
  void anIpv6Slash64IsOneAddressForBothLimits() {
    LoginThrottle throttle = defaults();
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "2001:db8:0:7:0:0:0:" + Integer.toHexString(i + 1));
    }
    assertThat(retryAfter(() -> throttle.admit("alice", "2001:db8:0:7:ffff:0:0:1"))).isEqualTo("1");
    for (int i = 0; i < 14; i++) {
      throttle.admit("user" + i, "2001:db8:0:7:0:0:1:" + Integer.toHexString(i));
    }
    assertThat(retryAfter(() -> throttle.admit("bob", "2001:db8:0:7::abcd"))).isEqualTo("3");
    assertThatCode(() -> throttle.admit("alice", "2001:db8:0:8:0:0:0:1"))
        .doesNotThrowAnyException();
  }

  @Test
  void aFullTableForgetsTheLeastRecentlyUsedAndNeverRefusesANewcomer() {
    LoginThrottle throttle = new LoginThrottle(1, MAX_BACKOFF, 1, 4, now::get);
    for (int i = 0; i < 1_000; i++) {
      throttle.admit("intruder" + i, "10.1." + i / 250 + "." + i % 250);
      assertThat(throttle.trackedEntries()).isLessThanOrEqualTo(8);
    }
    assertThatCode(() -> throttle.admit("alice", "10.0.0.1")).doesNotThrowAnyException();
  }

  @Test
  void theOldKeyStillSetsTheFreeFailuresWhenTheNewOneIsAbsent() {
    String expression =
        Arrays.stream(LoginThrottle.class.getDeclaredConstructors())
            .filter(constructor -> constructor.isAnnotationPresent(Autowired.class))
            .findFirst()
            .orElseThrow()
            .getParameters()[0]
            .getAnnotation(Value.class)
            .value();
    assertThat(new MockEnvironment().resolvePlaceholders(expression)).isEqualTo("5");
    MockEnvironment environment =
        new MockEnvironment().withProperty("llmproxy.login.username-failures-per-minute", "3");
    assertThat(environment.resolvePlaceholders(expression)).isEqualTo("3");
    environment.setProperty("llmproxy.login.free-failures", "7");
    assertThat(environment.resolvePlaceholders(expression)).isEqualTo("7");
  }

  /**
   * Attackers from hundreds of IPv4 addresses and IPv6 networks guess passwords for dozens of
   * names, a few addresses much more than the rest, in a table far too small for them all.
   * Meanwhile the administrator signs in, with a typo or two at times, from addresses no attacker
   * uses.
   */
  @Test
  void underAnyFloodTheRightPasswordFromAnUnthrottledAddressIsAdmittedInBoundedMemory() {
    Random random = new Random(20_240_611L);
    int maxTracked = 64;
    LoginThrottle throttle = new LoginThrottle(5, MAX_BACKOFF, 20, maxTracked, now::get);
    long start = now.get();
    Map<String, Integer> admittedFromHeavy = new HashMap<>();
    int refused = 0;
    int signIns = 0;
    for (int step = 0; step < 100_000; step++) {
      now.addAndGet(random.nextInt(20_000_000));
      if (random.nextInt(500) == 0) {
        String home = "192.0.2." + random.nextInt(250);
        for (int typo = random.nextInt(3); typo >= 0; typo--) {
          assertThatCode(() -> throttle.admit("admin", home)).doesNotThrowAnyException();
        }
        throttle.succeeded("admin", home);
        signIns++;
      } else {
        String address = attackerAddress(random);
        try {
          throttle.admit(attackerUser(random), address);
          if (address.startsWith(HEAVY)) {
            admittedFromHeavy.merge(address, 1, Integer::sum);
          }
        } catch (ApiException tooMany) {
          refused++;
        }
      }
      assertThat(throttle.trackedEntries()).isLessThanOrEqualTo(2 * maxTracked);
    }
    int minutes = (int) ((now.get() - start) / (60 * SECOND)) + 1;
    assertThat(signIns).isGreaterThan(100);
    assertThat(refused).isGreaterThan(10_000);
    // the busiest addresses are always recent, so never forgotten: their limit holds
    assertThat(admittedFromHeavy)
        .hasSize(3)
        .allSatisfy((a, n) -> assertThat(n).isLessThanOrEqualTo(20 * (minutes + 1)));
  }

  /**
   * With room for everyone nothing is forgotten, and no (user, address) pair gets more attempts
   * than a patient attacker who waits out every backoff exactly.
   */
  @Test
  void underAnyFloodNoPairGetsMoreAttemptsThanTheBackoffAllows() {
    Random random = new Random(7L);
    LoginThrottle throttle = new LoginThrottle(5, MAX_BACKOFF, 20, 1_000_000, now::get);
    Map<String, Long> firstSeen = new HashMap<>();
    Map<String, Integer> admitted = new HashMap<>();
    for (int step = 0; step < 100_000; step++) {
      now.addAndGet(random.nextInt(20_000_000));
      String user = attackerUser(random);
      String address = attackerAddress(random);
      String pair = user + " from " + ClientNetworks.of(address);
      firstSeen.putIfAbsent(pair, now.get());
      try {
        throttle.admit(user, address);
        int count = admitted.merge(pair, 1, Integer::sum);
        assertThat(count)
            .as(pair)
            .isLessThanOrEqualTo(patientAttempts(now.get() - firstSeen.get(pair)));
      } catch (ApiException tooMany) {
        // counted nowhere
      }
    }
    assertThat(admitted.values()).anyMatch(count -> count > 5);
  }

  private static final String HEAVY = "198.51.100.";

  private static String attackerAddress(Random random) {
    int pick = random.nextInt(10);
    if (pick < 4) {
      return HEAVY + random.nextInt(3);
    }
    if (pick < 7) {
      return "203.0.113." + random.nextInt(250);
    }
    return String.format(
        "2001:db8:%x:%x::%x", random.nextInt(16), random.nextInt(16), random.nextInt(1 << 16));
  }

  private static String attackerUser(Random random) {
    return random.nextInt(4) == 0 ? "admin" : "user" + random.nextInt(40);
  }

  /** Attempts within {@code nanos} of the first of someone who retries the moment a wait ends. */
  private static int patientAttempts(long nanos) {
    int attempts = 5;
    long at = 0;
    long wait = SECOND;
    while (at + wait <= nanos) {
      at += wait;
      attempts++;
      wait = Math.min(2 * wait, MAX_BACKOFF.toNanos());
    }
    return attempts;
  }

  private LoginThrottle defaults() {
    return new LoginThrottle(5, MAX_BACKOFF, 20, 50_000, now::get);
  }

  /** The Retry-After of the 429 that {@code attempt} must end in. */
  static String retryAfter(Runnable attempt) {
    try {
      attempt.run();
    } catch (ApiException refused) {
      assertThat(refused.status().value()).isEqualTo(429);
      return refused.headers().get("Retry-After");
    }
    throw new AssertionError("the attempt was admitted");
  }
}
