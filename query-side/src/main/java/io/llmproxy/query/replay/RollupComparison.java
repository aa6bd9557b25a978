package io.llmproxy.query.replay;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.usage.RollupTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares each live rollup table, row by row as it is read, with the shadow totals: a figure that
 * differs, a row the ledger has and the table lacks, and a row the table has and the ledger lacks
 * are all discrepancies. Only the first {@code limit} are kept; all are counted.
 */
final class RollupComparison {

  private final int limit;
  private final List<Discrepancy> discrepancies = new ArrayList<>();
  private final Map<String, Long> rowsCompared = new LinkedHashMap<>();
  private long found;
  private UsageTotals readModelTotals = UsageTotals.ZERO;

  RollupComparison(int limit) {
    this.limit = limit;
  }

  /** Compares every table; consumes the shadow's rows. */
  void compare(Connection connection, ShadowTotals shadow) throws SQLException {
    for (ReplayTable table : ReplayTable.values()) {
      compare(connection, table, shadow.rows(table));
    }
  }

  private void compare(Connection connection, ReplayTable table, Map<List<String>, Tally> ledger)
      throws SQLException {
    long rows = 0;
    String sql =
        "SELECT "
            + String.join(", ", table.columns)
            + ", "
            + RollupTables.MEASURES
            + " FROM "
            + table.table;
    try (PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        rows++;
        List<String> dimensions = new ArrayList<>(table.columns.size());
        for (String column : table.columns) {
          dimensions.add(rs.getString(column));
        }
        UsageTotals live = RollupTables.measures(rs);
        if (table == ReplayTable.KEY_ALIAS_HOURLY) {
          // every entry reaches this table, so its rows add up to the read model's grand total
          readModelTotals = readModelTotals.plus(live);
        }
        Tally expected = ledger.remove(dimensions);
        record(table, dimensions, expected == null ? null : expected.totals(), live);
      }
    }
    for (Map.Entry<List<String>, Tally> missing : ledger.entrySet()) {
      rows++;
      record(table, missing.getKey(), missing.getValue().totals(), null);
    }
    ledger.clear();
    rowsCompared.put(table.table, rows);
  }

  private void record(
      ReplayTable table, List<String> dimensions, UsageTotals ledger, UsageTotals readModel) {
    for (Figure figure : Figure.values()) {
      if (ledger == null || readModel == null || figure.differs(ledger, readModel)) {
        found++;
        if (discrepancies.size() < limit) {
          discrepancies.add(
              new Discrepancy(
                  table.table,
                  table.describe(dimensions),
                  figure.column,
                  figure.of(ledger),
                  figure.of(readModel)));
        }
      }
    }
  }

  List<Discrepancy> discrepancies() {
    return discrepancies;
  }

  /** Every discrepancy found, also those beyond the kept list. */
  long found() {
    return found;
  }

  /** Rows compared per table: those in the table plus those only the ledger has. */
  Map<String, Long> rowsCompared() {
    return rowsCompared;
  }

  /** The sum of the read model's key-and-alias rows. */
  UsageTotals readModelTotals() {
    return readModelTotals;
  }
}
