package io.llmproxy.kernel.statements;

import java.time.YearMonth;
import java.util.Objects;

/** The monthly statement of one key or team for a calendar month in UTC. */
public record FetchStatement(StatementOwner owner, String ownerId, YearMonth month) {

  public FetchStatement {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(ownerId, "ownerId");
    Objects.requireNonNull(month, "month");
  }
}
