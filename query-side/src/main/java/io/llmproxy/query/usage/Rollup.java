package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageTotals;
import jakarta.persistence.Embedded;
import jakarta.persistence.MappedSuperclass;

/** A rollup row: its dimensions are the subclass's id, its figures are the same for every table. */
@MappedSuperclass
abstract class Rollup {

  @Embedded private UsageMeasures measures = new UsageMeasures();

  void add(UsageTotals entry) {
    measures.add(entry);
  }
}
