package io.llmproxy.kernel.users;

import java.time.Instant;

/** The password changed; sessions begun before {@code resetAt} end with it. */
public record AdminUserPasswordReset(String username, String passwordHash, Instant resetAt) {

  @Override
  public String toString() {
    // a hash still allows offline guessing, so it stays out of logs and error messages
    return "AdminUserPasswordReset[username=" + username + ", resetAt=" + resetAt + "]";
  }
}
