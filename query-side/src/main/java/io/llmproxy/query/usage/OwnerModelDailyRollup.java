package io.llmproxy.query.usage;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * Usage of one key, or of one team, per provider and upstream model within one UTC day: the lines
 * of a monthly statement. Every entry adds to its key's row and, when the key had a team at request
 * time, to that team's row.
 */
@Entity
@Table(name = RollupTables.OWNER_MODEL_DAILY)
class OwnerModelDailyRollup extends Rollup {

  @EmbeddedId private Id id;

  protected OwnerModelDailyRollup() {
    // for JPA
  }

  OwnerModelDailyRollup(Id id) {
    this.id = id;
  }

  /** Composite primary key: owner kind ({@code key} or {@code team}), owner id, model, day. */
  @Embeddable
  record Id(
      String ownerKind, String ownerId, String provider, String upstreamModel, long dayStart) {}
}
