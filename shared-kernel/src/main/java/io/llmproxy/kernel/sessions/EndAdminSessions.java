package io.llmproxy.kernel.sessions;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ends every session of the bootstrap administrator at once (admin users end theirs through their
 * own stream, {@link io.llmproxy.kernel.users.EndAdminUserSessions}).
 */
public record EndAdminSessions(String username, String reason) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminSessionStreams.of(username);
  }
}
