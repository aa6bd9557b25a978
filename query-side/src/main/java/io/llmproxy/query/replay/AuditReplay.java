package io.llmproxy.query.replay;

import io.llmproxy.kernel.usage.UsageRecorded;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * One replay: the whole ledger recomputed and compared with the live rollups at one event position.
 *
 * <ol>
 *   <li>Every usage event up to the store's current end is read into shadow totals.
 *   <li>The replay waits until the rollup processor's token has reached that end (the projection
 *       follows the store asynchronously and may be behind).
 *   <li>In one read transaction — one consistent snapshot of the database — it reads the token's
 *       position, replays the events between the end and that position too, and compares every
 *       rollup row. Token and rows commit together, so in that snapshot the rows hold exactly the
 *       events up to the position, whatever is being appended meanwhile.
 * </ol>
 *
 * Positions are global indexes. SQLite commits one writer at a time in index order, so no event
 * below a position can appear later; with several writers (PostgreSQL) one can, so step 3 counts
 * the events up to the end again and, if the first read missed some, reads them all again inside
 * the snapshot.
 */
final class AuditReplay {

  private static final long POLL_MILLIS = 100;

  private final DataSource readOnly;
  private final LedgerPages ledger;
  private final ProjectionPosition projection;
  private final AuditReplaySettings settings;
  private final Clock clock;

  AuditReplay(
      DataSource readOnly,
      LedgerPages ledger,
      ProjectionPosition projection,
      AuditReplaySettings settings,
      Clock clock) {
    this.readOnly = readOnly;
    this.ledger = ledger;
    this.projection = projection;
    this.settings = settings;
    this.clock = clock;
  }

  ReplayOutcome run(ReplayRun run) throws SQLException, InterruptedException {
    ShadowTotals firstRead = new ShadowTotals();
    long end;
    long readBeforeSnapshot;
    try (Connection connection = readOnly.getConnection()) {
      end = ledger.lastPosition(connection);
      readBeforeSnapshot = ledger.count(connection, end);
      run.expect(readBeforeSnapshot);
      ledger.read(connection, -1, end, entry -> replay(firstRead, run, entry));
    }
    Instant deadline = clock.instant().plus(settings.projectionWait());
    while (true) {
      awaitProjection(end, deadline);
      try (Connection snapshot = readOnly.getConnection()) {
        snapshot.setAutoCommit(false);
        if (isPostgres(snapshot)) {
          // its default isolation takes a new snapshot for every statement
          snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        try {
          OptionalLong position = projection.read(snapshot);
          if (position.isPresent() && position.getAsLong() >= end) {
            long at = position.getAsLong();
            run.expect(ledger.count(snapshot, at));
            ShadowTotals shadow = firstRead;
            // events are never removed, so the same count up to the end means the same events
            if (ledger.count(snapshot, end) != readBeforeSnapshot) {
              ShadowTotals again = new ShadowTotals();
              ledger.read(snapshot, -1, end, entry -> replay(again, run, entry));
              shadow = again;
            }
            ShadowTotals complete = shadow;
            ledger.read(snapshot, end, at, entry -> replay(complete, run, entry));
            RollupComparison comparison = new RollupComparison(settings.maxDiscrepancies());
            comparison.compare(snapshot, complete);
            return new ReplayOutcome(at, complete.all(), comparison);
          }
        } finally {
          snapshot.rollback();
          snapshot.setAutoCommit(true);
        }
      }
      // the processor went back (a reset) between the wait and the snapshot: wait again
    }
  }

  private static boolean isPostgres(Connection connection) throws SQLException {
    return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
  }

  private static void replay(ShadowTotals shadow, ReplayRun run, UsageRecorded entry) {
    shadow.add(entry);
    run.eventRead();
  }

  private void awaitProjection(long end, Instant deadline)
      throws SQLException, InterruptedException {
    while (true) {
      OptionalLong position;
      try (Connection connection = readOnly.getConnection()) {
        position = projection.read(connection);
      }
      if (position.isPresent() && position.getAsLong() >= end) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(
            "the usage rollups did not reach event position "
                + end
                + " within "
                + settings.projectionWait()
                + " (llmproxy.audit.projection-wait); they are at "
                + (position.isPresent() ? position.getAsLong() : "no single position")
                + ". Is the usage-rollups processor running?");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }
}
