package io.llmproxy.query.replay;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.usage.RollupTables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The live rollup tables, and which of their rows each ledger entry belongs to. Written here again,
 * apart from the projection's code, so that a mistake in either shows up as a discrepancy instead
 * of being repeated by the check. A row is named by its dimension values as text, in column order;
 * hours and days are epoch seconds, as stored.
 */
enum ReplayTable {
  KEY_ALIAS_HOURLY(
      RollupTables.KEY_ALIAS_HOURLY,
      List.of("key_id", "alias", "hour_start"),
      List.of("key", "alias", "hour")) {
    @Override
    void rowsOf(UsageRecorded entry, Consumer<List<String>> row) {
      row.accept(List.of(entry.keyId(), entry.alias(), start(entry, ChronoUnit.HOURS)));
    }
  },
  TEAM_ALIAS_DAILY(
      RollupTables.TEAM_ALIAS_DAILY,
      List.of("team_id", "alias", "day_start"),
      List.of("team", "alias", "day")) {
    @Override
    void rowsOf(UsageRecorded entry, Consumer<List<String>> row) {
      if (entry.teamId() != null) {
        row.accept(List.of(entry.teamId(), entry.alias(), start(entry, ChronoUnit.DAYS)));
      }
    }
  },
  PROVIDER_MODEL_DAILY(
      RollupTables.PROVIDER_MODEL_DAILY,
      List.of("provider", "upstream_model", "day_start"),
      List.of("provider", "model", "day")) {
    @Override
    void rowsOf(UsageRecorded entry, Consumer<List<String>> row) {
      row.accept(List.of(entry.provider(), entry.upstreamModel(), start(entry, ChronoUnit.DAYS)));
    }
  },
  OWNER_MODEL_DAILY(
      RollupTables.OWNER_MODEL_DAILY,
      List.of("owner_kind", "owner_id", "provider", "upstream_model", "day_start"),
      List.of("owner_kind", "owner", "provider", "model", "day")) {
    @Override
    void rowsOf(UsageRecorded entry, Consumer<List<String>> row) {
      String day = start(entry, ChronoUnit.DAYS);
      row.accept(
          List.of(
              RollupTables.OWNER_KEY, entry.keyId(), entry.provider(), entry.upstreamModel(), day));
      if (entry.teamId() != null) {
        row.accept(
            List.of(
                RollupTables.OWNER_TEAM,
                entry.teamId(),
                entry.provider(),
                entry.upstreamModel(),
                day));
      }
    }
  };

  final String table;
  final List<String> columns;
  private final List<String> names;

  ReplayTable(String table, List<String> columns, List<String> names) {
    this.table = table;
    this.columns = columns;
    this.names = names;
  }

  /** Hands over the dimension values of every row of this table that {@code entry} adds to. */
  abstract void rowsOf(UsageRecorded entry, Consumer<List<String>> row);

  /** A row's dimensions as a report shows them: hours and days as ISO-8601 instants. */
  Map<String, String> describe(List<String> values) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (columns.get(i).endsWith("_start")) {
        value = Instant.ofEpochSecond(Long.parseLong(value)).toString();
      }
      dimensions.put(names.get(i), value);
    }
    return dimensions;
  }

  private static String start(UsageRecorded entry, ChronoUnit unit) {
    // epoch seconds floored to whole UTC hours or days, without the projection's truncatedTo
    long seconds = entry.occurredAt().getEpochSecond();
    long length = unit.getDuration().getSeconds();
    return Long.toString(Math.floorDiv(seconds, length) * length);
  }
}
