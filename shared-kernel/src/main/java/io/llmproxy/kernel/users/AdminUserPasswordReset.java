package io.llmproxy.kernel.users;

import java.time.Instant;

/**
 * The password changed and every session begun with the old one ends: {@code generation} is the
 * user's new session generation (tokens of an older one are refused). Events stored before
 * generations existed have none ({@code null}); each of them counts as one step up.
 */
public record AdminUserPasswordReset(
    String username, String passwordHash, Instant resetAt, Long generation) {

  @Override
  public String toString() {
    // a hash still allows offline guessing, so it stays out of logs and error messages
    return "AdminUserPasswordReset[username="
        + username
        + ", resetAt="
        + resetAt
        + ", generation="
        + generation
        + "]";
  }
}
