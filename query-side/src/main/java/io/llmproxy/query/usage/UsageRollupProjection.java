package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageRecorded;
import java.time.temporal.ChronoUnit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Hourly usage per key and alias. Runs in a pooled streaming processor whose token lives in the
 * same database, so a batch's rows and its token position commit together.
 */
@Component
@ProcessingGroup(UsageRollupProjection.PROCESSING_GROUP)
class UsageRollupProjection {

  static final String PROCESSING_GROUP = "usage-rollups";

  private final UsageRollupRepository rollups;

  UsageRollupProjection(UsageRollupRepository rollups) {
    this.rollups = rollups;
  }

  @EventHandler
  void on(UsageRecorded event) {
    long hourStart = event.occurredAt().truncatedTo(ChronoUnit.HOURS).getEpochSecond();
    var key = new UsageRollup.Key(event.keyId(), event.alias(), hourStart);
    UsageRollup rollup = rollups.findById(key).orElseGet(() -> rollups.save(new UsageRollup(key)));
    rollup.add(event.usage(), event.retried());
  }

  @ResetHandler
  void reset() {
    rollups.deleteAllInBatch();
  }
}
