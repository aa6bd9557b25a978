package io.llmproxy.command.keys;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.ResumeApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.RotateApiKey;
import io.llmproxy.kernel.keys.SuspendApiKey;
import io.llmproxy.kernel.keys.UpdateApiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A virtual key's lifecycle. Snapshots serialise the fields directly (there are no getters), which
 * is why Jackson is told to look at them.
 *
 * <p>The revision is that of the snapshots: Axon loads only snapshots of the aggregate's current
 * revision. One taken before {@link KeyAttributes#EXPLICIT_EVERY_ALIAS} holds an empty model list
 * that then meant every alias and now means none, so it is passed over and the key is rebuilt from
 * its (upcast) events; the next snapshot is taken in the new revision.
 */
@Revision(KeyAttributes.EXPLICIT_EVERY_ALIAS)
@Aggregate(
    type = AggregateTypes.API_KEY,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class ApiKey {

  static final Duration MAX_GRACE_PERIOD = Duration.ofDays(30);

  @AggregateIdentifier private String keyId;
  private KeyAttributes attributes;
  private String secretHash;
  private boolean revoked;
  private boolean suspended;

  protected ApiKey() {
    // required by Axon to rebuild the aggregate from its events
  }

  @CommandHandler
  public ApiKey(IssueApiKey command, Clock clock, TeamDirectory teams) {
    requireSecretHash(command.secretHash());
    requireValid(command.attributes(), clock, teams);
    apply(
        new ApiKeyIssued(
            command.keyId(),
            command.secretHash(),
            command.displayPrefix(),
            command.attributes(),
            clock.instant()));
  }

  /** Answers the key's attributes as they are after the update. */
  @CommandHandler
  public KeyAttributes handle(UpdateApiKey command, Clock clock, TeamDirectory teams) {
    requireNotRevoked("changed");
    KeyAttributes changed = command.applyTo(attributes);
    if (changed.equals(attributes)) {
      return attributes;
    }
    if (changed.teamId() != null && !changed.teamId().equals(attributes.teamId())) {
      requireTeam(changed.teamId(), teams);
    }
    if (changed.expiresAt() != null
        && !changed.expiresAt().equals(attributes.expiresAt())
        && !changed.expiresAt().isAfter(clock.instant())) {
      throw new IllegalArgumentException("expires_at must be in the future");
    }
    requireName(changed.name());
    apply(new ApiKeyUpdated(keyId, changed, clock.instant()));
    return changed;
  }

  /** Answers until when the previous secret keeps working. */
  @CommandHandler
  public Instant handle(RotateApiKey command, Clock clock) {
    requireNotRevoked("rotated");
    requireSecretHash(command.secretHash());
    Duration grace = command.gracePeriod() == null ? Duration.ZERO : command.gracePeriod();
    if (grace.isNegative() || grace.compareTo(MAX_GRACE_PERIOD) > 0) {
      throw new IllegalArgumentException("grace_period must be between 0 and 30 days");
    }
    Instant now = clock.instant();
    apply(
        new ApiKeyRotated(
            keyId,
            command.secretHash(),
            command.displayPrefix(),
            secretHash,
            now.plus(grace),
            now));
    return now.plus(grace);
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

  private static void requireValid(KeyAttributes attributes, Clock clock, TeamDirectory teams) {
    requireName(attributes.name());
    if (attributes.expiresAt() != null && !attributes.expiresAt().isAfter(clock.instant())) {
      throw new IllegalArgumentException("expires_at must be in the future");
    }
    if (attributes.teamId() != null) {
      requireTeam(attributes.teamId(), teams);
    }
  }

  private static void requireName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a key needs a name");
    }
  }

  private static void requireTeam(String teamId, TeamDirectory teams) {
    if (!teams.exists(teamId)) {
      throw new IllegalArgumentException("team_id: no team " + teamId);
    }
  }

  private static void requireSecretHash(String hash) {
    if (hash == null || hash.length() != 64) {
      throw new IllegalArgumentException("a key needs the 64-hex-digit HMAC of its secret");
    }
  }

  private void requireNotRevoked(String action) {
    if (revoked) {
      throw new IllegalStateException("a revoked key cannot be " + action);
    }
  }

  @EventSourcingHandler
  void on(ApiKeyIssued event) {
    keyId = event.keyId();
    attributes = event.attributes();
    secretHash = event.secretHash();
  }

  @EventSourcingHandler
  void on(ApiKeyUpdated event) {
    attributes = event.attributes();
  }

  @EventSourcingHandler
  void on(ApiKeyRotated event) {
    secretHash = event.secretHash();
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
  void on(ApiKeyRevoked event) {
    revoked = true;
  }
}
