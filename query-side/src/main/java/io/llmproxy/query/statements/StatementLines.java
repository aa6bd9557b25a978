package io.llmproxy.query.statements;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.usage.RollupTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A statement's lines, read one at a time from daily rows ordered by provider and model: each line
 * folds the consecutive rows of one model, so only one line is ever held, however long the
 * statement. {@link #totals()} is complete once the last line has been taken. Holds a read-only
 * connection until closed.
 */
final class StatementLines implements Iterator<StatementLine>, AutoCloseable {

  static final String SQL =
      "SELECT provider, upstream_model, "
          + RollupTables.MEASURES
          + " FROM "
          + RollupTables.OWNER_MODEL_DAILY
          + " WHERE owner_kind = ? AND owner_id = ? AND day_start >= ? AND day_start < ?"
          + " ORDER BY provider, upstream_model";

  private final Connection connection;
  private final PreparedStatement query;
  private final ResultSet rows;
  private boolean rowPending;
  private UsageTotals totals = UsageTotals.ZERO;

  StatementLines(Connection connection, StatementScope scope, String id, StatementPeriod period)
      throws SQLException {
    this.connection = connection;
    try {
      query = connection.prepareStatement(SQL);
      query.setString(1, scope.ownerKind);
      query.setString(2, id);
      query.setLong(3, period.from().getEpochSecond());
      query.setLong(4, period.to().getEpochSecond());
      rows = query.executeQuery();
      rowPending = rows.next();
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  @Override
  public boolean hasNext() {
    return rowPending;
  }

  @Override
  public StatementLine next() {
    if (!rowPending) {
      throw new NoSuchElementException();
    }
    try {
      String provider = rows.getString("provider");
      String model = rows.getString("upstream_model");
      UsageTotals line = UsageTotals.ZERO;
      do {
        line = line.plus(RollupTables.measures(rows));
        rowPending = rows.next();
      } while (rowPending
          && provider.equals(rows.getString("provider"))
          && Objects.equals(model, rows.getString("upstream_model")));
      totals = totals.plus(line);
      return StatementLine.of(provider, model, line);
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("reading a statement failed", e);
    }
  }

  /**
   * The sum of every line taken so far: the statement's totals once {@link #hasNext()} is false.
   */
  UsageTotals totals() {
    return totals;
  }

  @Override
  public void close() {
    try (connection;
        query;
        rows) {
      // closing is all
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("closing a statement read failed", e);
    }
  }
}
