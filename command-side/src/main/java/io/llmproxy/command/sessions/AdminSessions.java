package io.llmproxy.command.sessions;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.sessions.AdminSessionSignedOut;
import io.llmproxy.kernel.sessions.AdminSessionStreams;
import io.llmproxy.kernel.sessions.AdminSessionsEnded;
import io.llmproxy.kernel.sessions.BootstrapCredentialRecorded;
import io.llmproxy.kernel.sessions.EndAdminSessions;
import io.llmproxy.kernel.sessions.RecordBootstrapCredential;
import io.llmproxy.kernel.sessions.SignOutAdminSession;
import java.time.Clock;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The sessions of one administrator name: tokens signed out one by one, and, for the bootstrap
 * administrator (configuration, not an admin user), the credential fingerprint and the session
 * generation that every node compares tokens with.
 */
@Aggregate(
    type = AggregateTypes.ADMIN_SESSIONS,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class AdminSessions {

  static final String CREDENTIAL_CHANGED = "the bootstrap password changed";

  @AggregateIdentifier private String streamId;
  private String credentialFingerprint;
  private long generation;

  protected AdminSessions() {
    // required by Axon to create or rebuild the aggregate
  }

  /**
   * The first fingerprint is recorded without ending anything: there is nothing older to end. A
   * different one ends every session begun with the previous credential. Answers whether it did.
   */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public boolean handle(RecordBootstrapCredential command, Clock clock) {
    requireText(command.username(), "username");
    requireText(command.fingerprint(), "fingerprint");
    if (command.fingerprint().equals(credentialFingerprint)) {
      return false;
    }
    Instant now = clock.instant();
    boolean changed = credentialFingerprint != null;
    apply(new BootstrapCredentialRecorded(command.username(), command.fingerprint(), now));
    if (changed) {
      apply(new AdminSessionsEnded(command.username(), generation + 1, CREDENTIAL_CHANGED, now));
    }
    return changed;
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public void handle(EndAdminSessions command, Clock clock) {
    requireText(command.username(), "username");
    requireText(command.reason(), "reason");
    apply(
        new AdminSessionsEnded(
            command.username(), generation + 1, command.reason(), clock.instant()));
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public void handle(SignOutAdminSession command, Clock clock) {
    requireText(command.username(), "username");
    requireText(command.sessionId(), "sessionId");
    if (command.expiresAt() == null) {
      throw new IllegalArgumentException("expiresAt is required");
    }
    apply(
        new AdminSessionSignedOut(
            command.username(), command.sessionId(), command.expiresAt(), clock.instant()));
  }

  @EventSourcingHandler
  void on(BootstrapCredentialRecorded event) {
    streamId = AdminSessionStreams.of(event.username());
    credentialFingerprint = event.fingerprint();
  }

  @EventSourcingHandler
  void on(AdminSessionsEnded event) {
    streamId = AdminSessionStreams.of(event.username());
    generation = event.generation();
  }

  @EventSourcingHandler
  void on(AdminSessionSignedOut event) {
    streamId = AdminSessionStreams.of(event.username());
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }
}
