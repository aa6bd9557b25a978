package io.llmproxy.app.storage;

import io.llmproxy.app.ProxySettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.sqlite.SQLiteDataSource;

/**
 * Copies the SQLite write-ahead log back into the database file from its own connection, once a
 * second. SQLite would otherwise do it inside whichever commit crosses the log's size threshold,
 * and that commit — a batch of waiting requests' usage — would take tens of milliseconds longer. A
 * passive checkpoint never blocks the writer or readers.
 */
@Component
@Profile(StorageProfiles.SQLITE)
class WalCheckpointer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
  private static final long INTERVAL_MILLIS = 1_000;
  // stops after the usage ledger's final batch, so that batch is checkpointed too
  private static final int PHASE = Integer.MAX_VALUE - 8192;

  private final ProxySettings settings;
  private ScheduledExecutorService scheduler;
  private Connection connection;

  // the pooled writer is a parameter so that the database exists and is migrated first
  WalCheckpointer(ProxySettings settings, DataSource writer) {
    this.settings = settings;
  }

  @Override
  public synchronized void start() {
    SQLiteDataSource file = new SQLiteDataSource();
    file.setUrl("jdbc:sqlite:" + settings.databaseFile().toAbsolutePath());
    try {
      connection = file.getConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the database for checkpoints", e);
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "sqlite-checkpointer");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        () -> checkpoint("PASSIVE"), INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpoint("PASSIVE");
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the checkpoint connection failed: {}", e.getMessage());
    }
    scheduler = null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  private void checkpoint(String mode) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(" + mode + ")");
    } catch (SQLException e) {
      log.warn("WAL checkpoint failed: {}", e.getMessage());
    }
  }
}
