package io.llmproxy.app.storage;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * A unique-key violation on append means another writer took the same aggregate sequence number,
 * which Axon must see as a concurrency conflict rather than a storage failure. Axon's default
 * resolver does not know SQLite (constraint violations are result code 19); PostgreSQL reports them
 * as SQLSTATE 23505.
 */
class DuplicateKeyResolver implements PersistenceExceptionResolver {

  private static final int SQLITE_CONSTRAINT = 19;
  private static final String UNIQUE_VIOLATION = "23505";

  private final boolean sqlite;

  private DuplicateKeyResolver(boolean sqlite) {
    this.sqlite = sqlite;
  }

  static DuplicateKeyResolver sqlite() {
    return new DuplicateKeyResolver(true);
  }

  static DuplicateKeyResolver postgres() {
    return new DuplicateKeyResolver(false);
  }

  @Override
  public boolean isDuplicateKeyViolation(Exception exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && isDuplicate(sql)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private boolean isDuplicate(SQLException sql) {
    // SQLite's extended codes carry the primary code in the low byte
    return sqlite
        ? (sql.getErrorCode() & 0xff) == SQLITE_CONSTRAINT
        : UNIQUE_VIOLATION.equals(sql.getSQLState());
  }
}
