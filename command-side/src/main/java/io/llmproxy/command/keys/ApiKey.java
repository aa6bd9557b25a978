package io.llmproxy.command.keys;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.ResumeApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.SuspendApiKey;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

@Aggregate(type = AggregateTypes.API_KEY)
public class ApiKey {

  @AggregateIdentifier private String keyId;
  private boolean revoked;
  private boolean suspended;

  protected ApiKey() {
    // required by Axon to rebuild the aggregate from its events
  }

  @CommandHandler
  public ApiKey(IssueApiKey command, Clock clock) {
    if (command.name() == null || command.name().isBlank()) {
      throw new IllegalArgumentException("a key needs a name");
    }
    if (command.secretHash() == null || command.secretHash().length() != 64) {
      throw new IllegalArgumentException("a key needs the 64-hex-digit HMAC of its secret");
    }
    if (command.expiresAt() != null && !command.expiresAt().isAfter(clock.instant())) {
      throw new IllegalArgumentException("expires_at must be in the future");
    }
    apply(
        new ApiKeyIssued(
            command.keyId(),
            command.name().strip(),
            command.secretHash(),
            command.displayPrefix(),
            command.allowedModels(),
            command.expiresAt(),
            clock.instant(),
            command.limits()));
  }

  @CommandHandler
  public void handle(RevokeApiKey command, Clock clock) {
    if (revoked) {
      return;
    }
    apply(new ApiKeyRevoked(keyId, command.reason(), clock.instant()));
  }

  @CommandHandler
  public void handle(SuspendApiKey command, Clock clock) {
    requireNotRevoked("suspended");
    if (!suspended) {
      apply(new ApiKeySuspended(keyId, command.reason(), clock.instant()));
    }
  }

  @CommandHandler
  public void handle(ResumeApiKey command, Clock clock) {
    requireNotRevoked("resumed");
    if (suspended) {
      apply(new ApiKeyResumed(keyId, clock.instant()));
    }
  }

  private void requireNotRevoked(String action) {
    if (revoked) {
      throw new IllegalStateException("a revoked key cannot be " + action);
    }
  }

  @EventSourcingHandler
  void on(ApiKeySuspended event) {
    suspended = true;
  }

  @EventSourcingHandler
  void on(ApiKeyResumed event) {
    suspended = false;
  }

  @EventSourcingHandler
  void on(ApiKeyIssued event) {
    keyId = event.keyId();
  }

  @EventSourcingHandler
  void on(ApiKeyRevoked event) {
    revoked = true;
  }
}
