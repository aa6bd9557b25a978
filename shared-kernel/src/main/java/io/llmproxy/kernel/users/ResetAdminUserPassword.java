package io.llmproxy.kernel.users;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Replaces an administrator's password by the bcrypt hash of a new one. */
public record ResetAdminUserPassword(String username, String passwordHash) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminUsernames.streamId(username);
  }

  @Override
  public String toString() {
    // a hash still allows offline guessing, so it stays out of logs and error messages
    return "ResetAdminUserPassword[username=" + username + "]";
  }
}
