package io.llmproxy.app.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.llmproxy.app.ProxySettings;
import io.llmproxy.kernel.DataSources;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;

/**
 * One PostgreSQL database shared by every node: a read-write pool, and a read-only pool for reports
 * and the edge's pollers so that they never wait for a write connection.
 */
@Configuration(proxyBeanMethods = false)
@Profile(StorageProfiles.POSTGRES)
class PostgresStorageConfiguration {

  @Bean
  @Primary
  DataSource dataSource(DatabaseSettings database, ProxySettings settings) {
    requireSharedSecrets(settings);
    // the folder may still hold a generated admin password hash or a database from SQLite days
    OwnerOnlyFiles.tighten(settings.dataDir());
    HikariConfig pool = pool(database, "postgres-writer");
    pool.setMaximumPoolSize(Math.max(1, database.poolSize()));
    return new HikariDataSource(pool);
  }

  @Bean(name = DataSources.READ_ONLY, defaultCandidate = false)
  @Qualifier(DataSources.READ_ONLY)
  DataSource readOnlyDataSource(DatabaseSettings database, ProxySettings settings) {
    HikariConfig pool = pool(database, "postgres-reader");
    pool.setMaximumPoolSize(Math.max(1, settings.readPoolSize()));
    pool.setReadOnly(true);
    return new HikariDataSource(pool);
  }

  @Bean
  PersistenceExceptionResolver persistenceExceptionResolver() {
    return DuplicateKeyResolver.postgres();
  }

  private static HikariConfig pool(DatabaseSettings database, String name) {
    if (database.url() == null || database.url().isBlank()) {
      throw new IllegalStateException(
          "the postgres profile needs llmproxy.database.url (env LLMPROXY_DATABASE_URL)");
    }
    HikariConfig pool = new HikariConfig();
    pool.setPoolName(name);
    pool.setJdbcUrl(database.url());
    pool.setUsername(database.username());
    pool.setPassword(database.password());
    pool.setMinimumIdle(1);
    return pool;
  }

  /**
   * A node generating its own secrets into its data folder would refuse every key and admin token
   * another node issued, so every node must be given the same ones.
   */
  private static void requireSharedSecrets(ProxySettings settings) {
    if (isBlank(settings.keyPepper()) || isBlank(settings.jwtSecret())) {
      throw new IllegalStateException(
          "the postgres profile needs llmproxy.key-pepper and llmproxy.jwt-secret"
              + " (env LLMPROXY_KEY_PEPPER, LLMPROXY_JWT_SECRET), the same on every node");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
