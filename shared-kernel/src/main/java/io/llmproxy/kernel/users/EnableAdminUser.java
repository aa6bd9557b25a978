package io.llmproxy.kernel.users;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EnableAdminUser(String username) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminUsernames.streamId(username);
  }
}
