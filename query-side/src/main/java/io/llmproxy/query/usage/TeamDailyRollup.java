package io.llmproxy.query.usage;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Usage of one team (the key's team at request time) on one alias within one UTC day. */
@Entity
@Table(name = RollupTables.TEAM_ALIAS_DAILY)
class TeamDailyRollup extends Rollup {

  @EmbeddedId private Id id;

  protected TeamDailyRollup() {
    // for JPA
  }

  TeamDailyRollup(Id id) {
    this.id = id;
  }

  /** Composite primary key: (team, alias, day start in epoch seconds). */
  @Embeddable
  record Id(String teamId, String alias, long dayStart) {}
}
