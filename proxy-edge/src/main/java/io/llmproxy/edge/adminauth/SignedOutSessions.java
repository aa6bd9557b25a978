package io.llmproxy.edge.adminauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of tokens signed out before their expiry. An id is kept only until its token expires,
 * when {@link AdminTokens} refuses it anyway (by the same clock), so the set never holds more than
 * the tokens issued within one token lifetime.
 */
final class SignedOutSessions {

  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final Clock clock;

  SignedOutSessions(Clock clock) {
    this.clock = clock;
  }

  void add(String sessionId, Instant expiresAt) {
    Instant now = clock.instant();
    // sign-outs are rare next to requests, so they pay for the sweep
    expiries.values().removeIf(expiry -> !expiry.isAfter(now));
    if (expiresAt.isAfter(now)) {
      expiries.put(sessionId, expiresAt);
    }
  }

  boolean contains(String sessionId) {
    return expiries.containsKey(sessionId);
  }

  int size() {
    return expiries.size();
  }
}
