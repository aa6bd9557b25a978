package io.llmproxy.query.statements;

import io.llmproxy.kernel.DataSources;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/** Statements from the daily statement-line rollup, through the read-only connection pool. */
@Component
class StatementReader {

  private final DataSource readOnly;

  StatementReader(@Qualifier(DataSources.READ_ONLY) DataSource readOnly) {
    this.readOnly = readOnly;
  }

  /** Lines read lazily; the caller closes them. */
  StatementLines open(StatementScope scope, String id, StatementPeriod period) {
    try {
      return new StatementLines(readOnly.getConnection(), scope, id, period);
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("reading a statement failed", e);
    }
  }

  /** The whole statement; it holds one line per model used, so it is small. */
  Statement read(StatementScope scope, String id, StatementPeriod period) {
    try (StatementLines lines = open(scope, id, period)) {
      List<StatementLine> all = new ArrayList<>();
      lines.forEachRemaining(all::add);
      return Statement.of(scope, id, period, all, lines.totals());
    }
  }
}
