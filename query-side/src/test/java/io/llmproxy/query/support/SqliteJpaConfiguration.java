package io.llmproxy.query.support;

import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * The beans a projection test's Spring context needs for JPA on a {@link SqliteReadModels}
 * database: a test's {@code @Configuration} extends it, names its tables and entities, and adds its
 * own {@code @EnableJpaRepositories} (which must stay on the subclass, per repository package).
 */
public abstract class SqliteJpaConfiguration {

  private final Path folder;
  private final Class<?> entity;
  private final String[] migrations;

  protected SqliteJpaConfiguration(Path folder, Class<?> entity, String... migrations) {
    this.folder = folder;
    this.entity = entity;
    this.migrations = migrations;
  }

  @Bean
  DataSource dataSource() {
    return SqliteReadModels.database(folder, migrations);
  }

  @Bean
  LocalContainerEntityManagerFactoryBean entityManagerFactory(DataSource dataSource) {
    return SqliteReadModels.entityManagerFactory(dataSource, entity.getPackageName());
  }

  @Bean
  JpaTransactionManager transactionManager(EntityManagerFactory factory) {
    return new JpaTransactionManager(factory);
  }
}
