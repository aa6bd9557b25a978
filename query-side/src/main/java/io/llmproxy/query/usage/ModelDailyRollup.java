package io.llmproxy.query.usage;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** Usage of one provider's upstream model within one UTC day, whoever called it. */
@Entity
@Table(name = RollupTables.PROVIDER_MODEL_DAILY)
class ModelDailyRollup extends Rollup {

  @EmbeddedId private Id id;

  protected ModelDailyRollup() {
    // for JPA
  }

  ModelDailyRollup(Id id) {
    this.id = id;
  }

  /** Composite primary key: (provider, upstream model, day start in epoch seconds). */
  @Embeddable
  record Id(String provider, String upstreamModel, long dayStart) {}
}
