package io.llmproxy.kernel.users;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Ends every session of an admin user at once, e.g. when they sign out everywhere. */
public record EndAdminUserSessions(String username, String reason) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminUsernames.streamId(username);
  }
}
