package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RollupBatch} on the caller's connection, inside its transaction: per table, one
 * keyed read per touched row and one JDBC batch of upserts. A row's figures are added in Java
 * (exact, like {@link UsageTotals#plus}); the processor is the tables' only writer, and the batch
 * holds the write transaction between its read and its write.
 */
final class RollupWriter {

  private RollupWriter() {}

  static void write(Connection connection, RollupBatch batch) throws SQLException {
    for (Map.Entry<RollupTable, Map<List<Object>, UsageTotals>> table : batch.rows.entrySet()) {
      write(connection, table.getKey(), table.getValue());
    }
  }

  private static void write(
      Connection connection, RollupTable table, Map<List<Object>, UsageTotals> rows)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(table.selectRow());
        PreparedStatement upsert = connection.prepareStatement(table.upsertRow())) {
      for (Map.Entry<List<Object>, UsageTotals> row : rows.entrySet()) {
        List<Object> key = row.getKey();
        UsageTotals totals = stored(select, key).plus(row.getValue());
        int index = bindKey(upsert, key);
        upsert.setLong(++index, totals.requests());
        upsert.setLong(++index, totals.promptTokens());
        upsert.setLong(++index, totals.completionTokens());
        upsert.setLong(++index, totals.totalTokens());
        upsert.setLong(++index, totals.cachedTokens());
        upsert.setLong(++index, totals.cacheWriteTokens());
        upsert.setString(++index, DecimalText.format(totals.cost()));
        upsert.setLong(++index, totals.unpricedEntries());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private static UsageTotals stored(PreparedStatement select, List<Object> key)
      throws SQLException {
    bindKey(select, key);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? RollupTables.measures(rs) : UsageTotals.ZERO;
    }
  }

  /** Binds the key columns from index 1 on; returns the last index bound. */
  private static int bindKey(PreparedStatement statement, List<Object> key) throws SQLException {
    int index = 0;
    for (Object value : key) {
      if (value instanceof Long number) {
        statement.setLong(++index, number);
      } else {
        statement.setString(++index, (String) value);
      }
    }
    return index;
  }
}
