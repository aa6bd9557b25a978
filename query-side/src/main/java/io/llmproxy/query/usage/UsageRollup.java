package io.llmproxy.query.usage;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Usage of one key on one model alias within one UTC hour. */
@Entity
@Table(name = RollupTables.KEY_ALIAS_HOURLY)
class UsageRollup extends Rollup {

  @EmbeddedId private Id id;

  protected UsageRollup() {
    // for JPA
  }

  UsageRollup(Id id) {
    this.id = id;
  }

  /** Composite primary key: (key, alias, hour start in epoch seconds). */
  @Embeddable
  record Id(String keyId, String alias, long hourStart) {}
}
