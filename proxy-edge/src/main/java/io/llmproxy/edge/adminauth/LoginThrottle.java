package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.ratelimit.ClientNetworks;
import io.llmproxy.edge.ratelimit.FailureBackoff;
import io.llmproxy.edge.ratelimit.KeyedBuckets;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing at {@code POST /admin/session}: all attempts per client network (an IPv4
 * address or an IPv6 /64), and failures per user name <em>and</em> network, which back off
 * exponentially after a few free ones. Nothing is counted per user name alone: failures from one
 * network would otherwise lock the user out everywhere. It is consulted before any password hash is
 * computed, so a flood of attempts costs the server next to nothing.
 */
@Component
class LoginThrottle {

  private final KeyedBuckets byNetwork;
  private final FailureBackoff byUserAndNetwork;

  @Autowired
  LoginThrottle(
      @Value("${llmproxy.login.free-failures:${llmproxy.login.username-failures-per-minute:5}}")
          int freeFailures,
      @Value("${llmproxy.login.max-backoff:15m}") Duration maxBackoff,
      @Value("${llmproxy.login.address-attempts-per-minute:20}") long addressAttemptsPerMinute,
      @Value("${llmproxy.login.max-tracked:50000}") int maxTracked) {
    this(freeFailures, maxBackoff, addressAttemptsPerMinute, maxTracked, System::nanoTime);
  }

  LoginThrottle(
      int freeFailures,
      Duration maxBackoff,
      long addressAttemptsPerMinute,
      int maxTracked,
      LongSupplier nanoTime) {
    this.byNetwork = new KeyedBuckets(addressAttemptsPerMinute, maxTracked, nanoTime);
    this.byUserAndNetwork = new FailureBackoff(freeFailures, maxBackoff, maxTracked, nanoTime);
  }

  /**
   * Counts one attempt for the network and, until it succeeds, one failure for the user name from
   * that network, or refuses with 429. Counting the failure up front means parallel guesses cannot
   * all slip in before the first of them has failed.
   */
  void admit(String username, String address) {
    String network = ClientNetworks.of(address);
    long wait = byNetwork.tryTake(network);
    if (wait == 0) {
      wait = byUserAndNetwork.tryFail(pair(username, network));
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

  /** Forgives the failures of {@code username} from {@code address}'s network only. */
  void succeeded(String username, String address) {
    byUserAndNetwork.succeeded(pair(username, ClientNetworks.of(address)));
  }

  /** Networks and (user, network) pairs remembered now. */
  int trackedEntries() {
    return byNetwork.size() + byUserAndNetwork.size();
  }

  private static String pair(String username, String network) {
    // prefixed with its length, the network cannot run into the user name whatever either holds
    return network.length() + ":" + network + username;
  }
}
