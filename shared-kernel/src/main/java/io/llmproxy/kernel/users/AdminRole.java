package io.llmproxy.kernel.users;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an administrator may do: {@code ADMIN} everything, {@code VIEWER} the read-only reporting
 * API. The constant names are stored in events; the lowercase claim travels in tokens and JSON.
 */
public enum AdminRole {
  ADMIN,
  VIEWER;

  public String claim() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AdminRole> fromClaim(String claim) {
    return Arrays.stream(values()).filter(role -> role.claim().equals(claim)).findFirst();
  }

  /** Whether this role may do everything {@code other} may. */
  public boolean includes(AdminRole other) {
    return this == ADMIN || this == other;
  }

  /** The lesser of the two, so that neither a token nor a later change can raise rights. */
  public AdminRole lesserOf(AdminRole other) {
    return includes(other) ? other : this;
  }
}
