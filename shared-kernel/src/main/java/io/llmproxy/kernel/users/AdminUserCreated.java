package io.llmproxy.kernel.users;

import java.time.Instant;

/** An administrator came into existence, enabled; {@code passwordHash} is bcrypt. */
public record AdminUserCreated(
    String username, String passwordHash, AdminRole role, Instant createdAt) {

  @Override
  public String toString() {
    // a hash still allows offline guessing, so it stays out of logs and error messages
    return "AdminUserCreated[username="
        + username
        + ", role="
        + role
        + ", createdAt="
        + createdAt
        + "]";
  }
}
