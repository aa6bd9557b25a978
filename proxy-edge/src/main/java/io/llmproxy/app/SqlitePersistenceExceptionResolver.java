package io.llmproxy.app;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Axon's default resolver does not know SQLite. A constraint violation (result code 19) on append
 * means another writer took the same aggregate sequence number, which Axon must see as a
 * concurrency conflict rather than a storage failure.
 */
class SqlitePersistenceExceptionResolver implements PersistenceExceptionResolver {

  private static final int SQLITE_CONSTRAINT = 19;

  @Override
  public boolean isDuplicateKeyViolation(Exception exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && (sql.getErrorCode() & 0xff) == SQLITE_CONSTRAINT) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
