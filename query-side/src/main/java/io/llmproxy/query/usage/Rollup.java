package io.llmproxy.query.usage;

import jakarta.persistence.Embedded;
import jakarta.persistence.MappedSuperclass;

/**
 * A rollup row: its dimensions are the subclass's id, its figures are the same for every table.
 * Mapped for the reset's deletes; the projection writes the rows with JDBC ({@link RollupWriter}).
 */
@MappedSuperclass
abstract class Rollup {

  @Embedded private UsageMeasures measures = new UsageMeasures();
}
