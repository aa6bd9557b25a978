package io.llmproxy.query.usage;

import java.util.Collections;
import java.util.List;

/** A rollup table as the batch writer sees it: its name and the columns of its primary key. */
enum RollupTable {
  KEY_ALIAS_HOURLY(RollupTables.KEY_ALIAS_HOURLY, "key_id", "alias", "hour_start"),
  TEAM_ALIAS_DAILY(RollupTables.TEAM_ALIAS_DAILY, "team_id", "alias", "day_start"),
  PROVIDER_MODEL_DAILY(
      RollupTables.PROVIDER_MODEL_DAILY, "provider", "upstream_model", "day_start"),
  OWNER_MODEL_DAILY(
      RollupTables.OWNER_MODEL_DAILY,
      "owner_kind",
      "owner_id",
      "provider",
      "upstream_model",
      "day_start");

  private static final List<String> MEASURES =
      List.of(RollupTables.MEASURES.replace(" ", "").split(","));

  final String name;
  final List<String> keyColumns;

  RollupTable(String name, String... keyColumns) {
    this.name = name;
    this.keyColumns = List.of(keyColumns);
  }

  /** The measures of one row, found by its key columns in order. */
  String selectRow() {
    return "SELECT "
        + RollupTables.MEASURES
        + " FROM "
        + name
        + " WHERE "
        + String.join(" = ? AND ", keyColumns)
        + " = ?";
  }

  /**
   * Writes a row's new figures whole: the key columns, then the measures in {@link
   * RollupTables#MEASURES} order. Absolute rather than {@code x = x + excluded.x} because money is
   * decimal text, which SQL cannot add exactly, so the batch has read the row already.
   */
  String upsertRow() {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(name)
            .append(" (")
            .append(String.join(", ", keyColumns))
            .append(", ")
            .append(RollupTables.MEASURES)
            .append(") VALUES (")
            .append(
                String.join(", ", Collections.nCopies(keyColumns.size() + MEASURES.size(), "?")))
            .append(") ON CONFLICT (")
            .append(String.join(", ", keyColumns))
            .append(") DO UPDATE SET ");
    for (int i = 0; i < MEASURES.size(); i++) {
      sql.append(i == 0 ? "" : ", ")
          .append(MEASURES.get(i))
          .append(" = excluded.")
          .append(MEASURES.get(i));
    }
    return sql.toString();
  }
}
