package io.llmproxy.query.statements;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.statements.FetchStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/** Statements from the daily statement-line rollup, through the read-only connection pool. */
@Component
class StatementQueries {

  private final DataSource readOnly;

  StatementQueries(@Qualifier(DataSources.READ_ONLY) DataSource readOnly) {
    this.readOnly = readOnly;
  }

  /** The whole statement; it holds one line per model used, so it is small. */
  @QueryHandler
  Statement handle(FetchStatement query) {
    StatementScope scope = StatementScope.valueOf(query.owner().name());
    StatementPeriod period = new StatementPeriod(query.month());
    try (StatementLines lines = open(scope, query.ownerId(), period)) {
      List<StatementLine> all = new ArrayList<>();
      lines.forEachRemaining(all::add);
      return Statement.of(scope, query.ownerId(), period, all, lines.totals());
    }
  }

  private StatementLines open(StatementScope scope, String id, StatementPeriod period) {
    try {
      return new StatementLines(readOnly.getConnection(), scope, id, period);
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException("reading a statement failed", e);
    }
  }
}
