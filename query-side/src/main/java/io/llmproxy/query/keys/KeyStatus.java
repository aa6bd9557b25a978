package io.llmproxy.query.keys;

import io.llmproxy.query.paging.QueryParameters;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a key is now. Only active, suspended and revoked are stored; expired depends on the time of
 * the query. Revoked wins over expired (it is final), and expired over suspended (resuming would
 * not make the key usable).
 */
enum KeyStatus {
  ACTIVE,
  SUSPENDED,
  REVOKED,
  EXPIRED;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static KeyStatus current(String stored, Long expiresAtMicros, long nowMicros) {
    KeyStatus status = valueOf(stored.toUpperCase(Locale.ROOT));
    if (status != REVOKED && expiresAtMicros != null && expiresAtMicros <= nowMicros) {
      return EXPIRED;
    }
    return status;
  }

  static KeyStatus parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw QueryParameters.badRequest(
          "status must be one of "
              + Arrays.stream(values()).map(KeyStatus::wire).collect(Collectors.joining(", ")));
    }
  }
}
