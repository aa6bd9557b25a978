package io.llmproxy.edge.adminauth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an admin token allows: {@code ADMIN} everything, {@code VIEWER} the read-only API. */
public enum AdminRole {
  ADMIN,
  VIEWER;

  String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<AdminRole> fromClaim(String claim) {
    return Arrays.stream(values()).filter(role -> role.claim().equals(claim)).findFirst();
  }
}
