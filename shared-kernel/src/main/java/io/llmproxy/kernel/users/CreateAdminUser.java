package io.llmproxy.kernel.users;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates an administrator. Only the bcrypt hash of the password travels: the plaintext stays in
 * the HTTP request that chose it.
 */
public record CreateAdminUser(String username, String passwordHash, AdminRole role) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminUsernames.streamId(username);
  }

  @Override
  public String toString() {
    // a hash still allows offline guessing, so it stays out of logs and error messages
    return "CreateAdminUser[username=" + username + ", role=" + role + "]";
  }
}
