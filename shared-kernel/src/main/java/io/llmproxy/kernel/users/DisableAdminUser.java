package io.llmproxy.kernel.users;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code requestedBy} is the acting administrator, who may not disable themself. */
public record DisableAdminUser(String username, String requestedBy) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminUsernames.streamId(username);
  }
}
