package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.kernel.usage.UsageTotals;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one processor batch adds to each rollup table, summed per row key in memory, so that a row
 * touched by many of the batch's entries is read and written once.
 */
final class RollupBatch {

  final Map<RollupTable, Map<List<Object>, UsageTotals>> rows = new EnumMap<>(RollupTable.class);

  void add(UsageRecorded event) {
    UsageTotals entry = UsageTotals.of(event);
    long hour = event.occurredAt().truncatedTo(ChronoUnit.HOURS).getEpochSecond();
    long day = event.occurredAt().truncatedTo(ChronoUnit.DAYS).getEpochSecond();
    add(RollupTable.KEY_ALIAS_HOURLY, List.of(event.keyId(), event.alias(), hour), entry);
    add(
        RollupTable.PROVIDER_MODEL_DAILY,
        List.of(event.provider(), event.upstreamModel(), day),
        entry);
    add(
        RollupTable.OWNER_MODEL_DAILY,
        List.of(
            RollupTables.OWNER_KEY, event.keyId(), event.provider(), event.upstreamModel(), day),
        entry);
    if (event.teamId() != null) {
      add(RollupTable.TEAM_ALIAS_DAILY, List.of(event.teamId(), event.alias(), day), entry);
      add(
          RollupTable.OWNER_MODEL_DAILY,
          List.of(
              RollupTables.OWNER_TEAM,
              event.teamId(),
              event.provider(),
              event.upstreamModel(),
              day),
          entry);
    }
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  private void add(RollupTable table, List<Object> key, UsageTotals entry) {
    rows.computeIfAbsent(table, t -> new LinkedHashMap<>()).merge(key, entry, UsageTotals::plus);
  }
}
