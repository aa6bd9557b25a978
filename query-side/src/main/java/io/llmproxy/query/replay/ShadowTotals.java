package io.llmproxy.query.replay;

import io.llmproxy.kernel.usage.UsageRecorded;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rollup recomputed in memory from the ledger. Its size follows the number of rollup rows
 * (keys × aliases × hours and the like), not the number of events: a million events over a month of
 * a few hundred keys is some hundred thousand rows.
 */
final class ShadowTotals {

  private final Map<ReplayTable, Map<List<String>, Tally>> tables =
      new EnumMap<>(ReplayTable.class);
  private final Tally all = new Tally();

  ShadowTotals() {
    for (ReplayTable table : ReplayTable.values()) {
      tables.put(table, new HashMap<>());
    }
  }

  void add(UsageRecorded entry) {
    all.add(entry);
    tables.forEach(
        (table, rows) ->
            table.rowsOf(entry, row -> rows.computeIfAbsent(row, r -> new Tally()).add(entry)));
  }

  /** The table's rows by dimension values; the comparison takes rows out as it meets them. */
  Map<List<String>, Tally> rows(ReplayTable table) {
    return tables.get(table);
  }

  /** Every entry replayed, summed. */
  Tally all() {
    return all;
  }
}
