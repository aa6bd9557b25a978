package io.llmproxy.app.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmproxy.app.ProxySettings;
import io.llmproxy.kernel.DataSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file: a single writer connection (SQLite serialises writers anyway, and more than one
 * pooled writer turns contention into SQLITE_BUSY failures) and a read-only pool that reads WAL
 * snapshots without waiting for the writer.
 */
@Configuration(proxyBeanMethods = false)
@Profile(StorageProfiles.SQLITE)
class StorageConfiguration {

  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  @Bean
  @Primary
  DataSource dataSource(ProxySettings settings) {
    createOwnerOnly(settings);
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    HikariConfig pool = pool(settings, sqlite, "sqlite-writer");
    pool.setMaximumPoolSize(1);
    // checkpoints run in the background (WalCheckpointer), never inside a request's commit
    pool.setConnectionInitSql("PRAGMA wal_autocheckpoint=0");
    return new HikariDataSource(pool);
  }

  @Bean(name = DataSources.READ_ONLY, defaultCandidate = false)
  @Qualifier(DataSources.READ_ONLY)
  DataSource readOnlyDataSource(ProxySettings settings, DataSource writer) {
    // the writer is a parameter so that the file exists and is migrated before readers open it
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setReadOnly(true);
    sqlite.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    HikariConfig pool = pool(settings, sqlite, "sqlite-reader");
    pool.setMaximumPoolSize(Math.max(1, settings.readPoolSize()));
    pool.setReadOnly(true);
    return new HikariDataSource(pool);
  }

  @Bean
  PersistenceExceptionResolver persistenceExceptionResolver() {
    return DuplicateKeyResolver.sqlite();
  }

  /**
   * The database file is created before SQLite opens it, because SQLite would create it 0644 and
   * give its -wal and -shm files the same mode. An installation from before this was done has its
   * files tightened here, before SQLite opens them again.
   */
  private static void createOwnerOnly(ProxySettings settings) {
    try {
      OwnerOnlyFiles.createFile(settings.databaseFile());
      OwnerOnlyFiles.tighten(settings.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database " + settings.databaseFile(), e);
    }
  }

  private static HikariConfig pool(ProxySettings settings, SQLiteConfig sqlite, String name) {
    SQLiteDataSource sqliteDataSource = new SQLiteDataSource(sqlite);
    sqliteDataSource.setUrl("jdbc:sqlite:" + settings.databaseFile().toAbsolutePath());
    HikariConfig pool = new HikariConfig();
    pool.setPoolName(name);
    pool.setDataSource(sqliteDataSource);
    pool.setMinimumIdle(1);
    return pool;
  }
}
