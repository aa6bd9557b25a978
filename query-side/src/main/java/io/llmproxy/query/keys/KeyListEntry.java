package io.llmproxy.query.keys;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.readmodel.StoredJson;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A key as the list shows it; written only by {@link KeyListProjection}. */
@Entity
@Table(name = "api_key_list")
public class KeyListEntry {

  @Id private String keyId;
  private String name;
  private String displayPrefix;
  private String status;
  private String allowedModels;
  private Long expiresAt;
  private Long requestsPerMinute;
  private Long tokensPerMinute;
  private String owner;
  private String teamId;
  private String budgetLimitUsd;
  private String budgetPeriod;
  private Integer budgetAlertAtPercent;
  private String metadata;
  private long createdAt;
  private long updatedAt;
  private Long lastRotatedAt;
  private Long previousValidUntil;
  private Long revokedAt;

  protected KeyListEntry() {
    // for JPA
  }

  private KeyListEntry(ApiKeyIssued event) {
    this.keyId = event.keyId();
    this.displayPrefix = event.displayPrefix();
    this.status = KeyStatus.ACTIVE.wire();
    this.createdAt = EpochMicros.of(event.issuedAt());
  }

  static KeyListEntry issued(ApiKeyIssued event) {
    KeyListEntry entry = new KeyListEntry(event);
    entry.attributes(event.attributes(), event.issuedAt());
    return entry;
  }

  void attributes(KeyAttributes attributes, Instant at) {
    name = attributes.name();
    allowedModels = StoredJson.write(attributes.allowedModels());
    expiresAt = EpochMicros.of(attributes.expiresAt());
    requestsPerMinute = attributes.limits().requestsPerMinute();
    tokensPerMinute = attributes.limits().tokensPerMinute();
    owner = attributes.owner();
    teamId = attributes.teamId();
    Budget budget = attributes.budget();
    budgetLimitUsd = BudgetView.limit(budget);
    budgetPeriod = BudgetView.period(budget);
    budgetAlertAtPercent = budget == null ? null : budget.alertAtPercent();
    metadata = StoredJson.write(attributes.metadata());
    touch(at);
  }

  void rotated(String newDisplayPrefix, Instant previousSecretValidUntil, Instant at) {
    displayPrefix = newDisplayPrefix;
    previousValidUntil = EpochMicros.of(previousSecretValidUntil);
    lastRotatedAt = EpochMicros.of(at);
    touch(at);
  }

  /** Suspension and resumption never bring a revoked key back. */
  void status(KeyStatus next, Instant at) {
    if (!KeyStatus.REVOKED.wire().equals(status)) {
      status = next.wire();
      touch(at);
    }
  }

  void revoked(Instant at) {
    status = KeyStatus.REVOKED.wire();
    revokedAt = EpochMicros.of(at);
    touch(at);
  }

  private void touch(Instant at) {
    updatedAt = EpochMicros.of(at);
  }
}
