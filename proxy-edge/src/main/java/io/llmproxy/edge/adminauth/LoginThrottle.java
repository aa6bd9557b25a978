package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.ratelimit.KeyedBuckets;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing at {@code POST /admin/session}: failed attempts per user name (a
 * successful sign-in forgives them) and all attempts per client address. It is consulted before any
 * password hash is computed, so a flood of attempts costs the server next to nothing.
 */
@Component
class LoginThrottle {

  private static final int MAX_TRACKED = 50_000;

  private final KeyedBuckets byUsername;
  private final KeyedBuckets byAddress;

  @Autowired
  LoginThrottle(
      @Value("${llmproxy.login.username-failures-per-minute:5}") long usernameFailuresPerMinute,
      @Value("${llmproxy.login.address-attempts-per-minute:20}") long addressAttemptsPerMinute) {
    this(usernameFailuresPerMinute, addressAttemptsPerMinute, System::nanoTime);
  }

  LoginThrottle(
      long usernameFailuresPerMinute, long addressAttemptsPerMinute, LongSupplier nanoTime) {
    this.byUsername = new KeyedBuckets(usernameFailuresPerMinute, MAX_TRACKED, nanoTime);
    this.byAddress = new KeyedBuckets(addressAttemptsPerMinute, MAX_TRACKED, nanoTime);
  }

  /**
   * Counts one attempt for the address and, until it succeeds, one failure for the user name, or
   * refuses with 429. Counting the failure up front means parallel guesses cannot all slip in
   * before the first of them has failed.
   */
  void admit(String username, String address) {
    long wait = byAddress.tryTake(address);
    if (wait == 0) {
      wait = byUsername.tryTake(username);
    }
    if (wait > 0) {
      long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
      throw new ApiException(
              HttpStatus.TOO_MANY_REQUESTS,
              "rate_limit_error",
              "too_many_login_attempts",
              null,
              "too many sign-in attempts; try again in " + seconds + " s")
          .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    }
  }

  void succeeded(String username) {
    byUsername.forget(username);
  }
}
