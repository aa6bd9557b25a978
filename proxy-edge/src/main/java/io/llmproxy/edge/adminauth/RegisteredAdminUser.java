package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.users.AdminRole;

/**
 * What the edge knows about an admin user: enough to sign them in and to judge their tokens without
 * a database read. Tokens of a session generation below {@code generation} are no longer honoured;
 * {@code version} is the aggregate sequence number of the last event applied.
 */
record RegisteredAdminUser(
    String username,
    String passwordHash,
    AdminRole role,
    boolean enabled,
    long generation,
    long version) {

  RegisteredAdminUser withRole(AdminRole newRole, long atVersion) {
    return new RegisteredAdminUser(username, passwordHash, newRole, enabled, generation, atVersion);
  }

  RegisteredAdminUser withPassword(String newHash, long newGeneration, long atVersion) {
    return new RegisteredAdminUser(username, newHash, role, enabled, newGeneration, atVersion);
  }

  RegisteredAdminUser disabled(long newGeneration, long atVersion) {
    return new RegisteredAdminUser(username, passwordHash, role, false, newGeneration, atVersion);
  }

  RegisteredAdminUser enabled(long atVersion) {
    return new RegisteredAdminUser(username, passwordHash, role, true, generation, atVersion);
  }

  RegisteredAdminUser sessionsEnded(long newGeneration, long atVersion) {
    return new RegisteredAdminUser(username, passwordHash, role, enabled, newGeneration, atVersion);
  }

  /**
   * The generation after an event that ends every session. Events recorded before generations
   * existed carry none: each of them was one step up. Whatever an event says, a generation never
   * goes back: that would bring ended sessions back to life.
   */
  long nextGeneration(Long recorded) {
    return recorded != null ? Math.max(recorded, generation + 1) : generation + 1;
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
        + ", generation="
        + generation
        + ", version="
        + version
        + "]";
  }
}
