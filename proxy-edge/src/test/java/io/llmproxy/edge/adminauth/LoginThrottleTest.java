package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.edge.errors.ApiException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(42 * SECOND);
  private final LoginThrottle throttle = new LoginThrottle(5, 20, now::get);

  @Test
  void fiveFailuresPerUsernameThenWaitForTheRefill() {
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.admit("alice", "10.0.0.2"))
        .isInstanceOfSatisfying(
            ApiException.class,
            refused -> {
              assertThat(refused.status().value()).isEqualTo(429);
              // five a minute: the next one comes back after twelve seconds
              assertThat(refused.headers()).containsEntry("Retry-After", "12");
            });
    assertThatCode(() -> throttle.admit("bob", "10.0.0.1")).doesNotThrowAnyException();
    now.addAndGet(12 * SECOND);
    assertThatCode(() -> throttle.admit("alice", "10.0.0.3")).doesNotThrowAnyException();
  }

  @Test
  void aSuccessForgivesTheUsernamesFailures() {
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    throttle.succeeded("alice");
    for (int i = 0; i < 5; i++) {
      throttle.admit("alice", "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.admit("alice", "10.0.0.1")).isInstanceOf(ApiException.class);
  }

  @Test
  void twentyAttemptsPerAddressWhateverTheUsernames() {
    for (int i = 0; i < 20; i++) {
      throttle.admit("user" + i, "10.0.0.9");
    }
    assertThatThrownBy(() -> throttle.admit("someone-new", "10.0.0.9"))
        .isInstanceOfSatisfying(
            ApiException.class,
            refused -> assertThat(refused.headers()).containsEntry("Retry-After", "3"));
    assertThatCode(() -> throttle.admit("someone-new", "10.0.0.10")).doesNotThrowAnyException();
  }

  @Test
  void anAttemptRefusedForItsAddressCostsTheUsernameNothing() {
    LoginThrottle strictAddress = new LoginThrottle(2, 1, now::get);
    strictAddress.admit("alice", "10.0.0.1");
    assertThatThrownBy(() -> strictAddress.admit("alice", "10.0.0.1"))
        .isInstanceOf(ApiException.class);
    assertThatCode(() -> strictAddress.admit("alice", "10.0.0.2")).doesNotThrowAnyException();
  }
}
