package io.llmproxy.query.readmodel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Nullable numeric columns. The SQLite driver's {@code getObject} answers Integer or Long depending
 * on the stored value's size, so values are read as primitives and checked with {@code wasNull}.
 */
public final class Columns {

  private Columns() {}

  public static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  public static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /** A column of epoch microseconds. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    return EpochMicros.toInstant(longOrNull(rs, column));
  }

  public static BudgetView budget(ResultSet rs) throws SQLException {
    return BudgetView.of(
        rs.getString("budget_limit_usd"),
        rs.getString("budget_period"),
        intOrNull(rs, "budget_alert_at_percent"));
  }
}
