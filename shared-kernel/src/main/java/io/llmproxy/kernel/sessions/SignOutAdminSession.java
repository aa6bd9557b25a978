package io.llmproxy.kernel.sessions;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Ends one session: the token whose id ({@code jti}) is {@code sessionId}. Its expiry travels along
 * so that every node can forget the id once the token could not be used anyway.
 */
public record SignOutAdminSession(String username, String sessionId, Instant expiresAt) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminSessionStreams.of(username);
  }
}
