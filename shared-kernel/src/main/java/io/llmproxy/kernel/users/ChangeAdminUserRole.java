package io.llmproxy.kernel.users;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code requestedBy} is the acting administrator, who may not change their own role. */
public record ChangeAdminUserRole(String username, AdminRole role, String requestedBy) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminUsernames.streamId(username);
  }
}
