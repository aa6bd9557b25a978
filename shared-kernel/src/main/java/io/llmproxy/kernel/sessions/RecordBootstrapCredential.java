package io.llmproxy.kernel.sessions;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What a starting node knows of the bootstrap administrator's password: a keyed fingerprint of it
 * (an HMAC under a secret the event store does not hold), never the password or a plain hash of it.
 * A fingerprint other than the last one recorded ends the administrator's sessions.
 */
public record RecordBootstrapCredential(String username, String fingerprint) {

  @TargetAggregateIdentifier
  public String streamId() {
    return AdminSessionStreams.of(username);
  }
}
