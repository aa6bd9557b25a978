package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.users.AdminRole;
import java.time.Instant;

/**
 * What the edge knows about an admin user: enough to sign them in and to judge their tokens without
 * a database read. Tokens issued before {@code sessionsStart} are no longer honoured; {@code
 * version} is the aggregate sequence number of the last event applied.
 */
record RegisteredAdminUser(
    String username,
    String passwordHash,
    AdminRole role,
    boolean enabled,
    Instant sessionsStart,
    long version) {

  RegisteredAdminUser withRole(AdminRole newRole, long atVersion) {
    return new RegisteredAdminUser(
        username, passwordHash, newRole, enabled, sessionsStart, atVersion);
  }

  RegisteredAdminUser withPassword(String newHash, Instant resetAt, long atVersion) {
    return new RegisteredAdminUser(username, newHash, role, enabled, resetAt, atVersion);
  }

  RegisteredAdminUser disabled(Instant disabledAt, long atVersion) {
    return new RegisteredAdminUser(username, passwordHash, role, false, disabledAt, atVersion);
  }

  RegisteredAdminUser enabled(long atVersion) {
    return new RegisteredAdminUser(username, passwordHash, role, true, sessionsStart, atVersion);
  }

  @Override
  public String toString() {
    // a hash still allows offline guessing, so it stays out of logs
    return "RegisteredAdminUser[username="
        + username
        + ", role="
        + role
        + ", enabled="
        + enabled
        + ", version="
        + version
        + "]";
  }
}
