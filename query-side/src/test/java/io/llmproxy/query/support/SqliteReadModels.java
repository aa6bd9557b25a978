package io.llmproxy.query.support;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * Read-model tables in a real SQLite file, made by the module's own migration scripts, and JPA over
 * them as the application configures it (Spring Boot's column naming, the SQLite dialect the
 * application's extends).
 */
public final class SqliteReadModels {

  private SqliteReadModels() {}

  /** A new database file in {@code folder} with the tables of the named migrations. */
  public static DataSource database(Path folder, String... migrations) {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + folder.resolve("read-model-" + System.nanoTime() + ".db"));
    new ResourceDatabasePopulator(
            Arrays.stream(migrations)
                .map(name -> new ClassPathResource("db/migration/" + name))
                .toArray(ClassPathResource[]::new))
        .execute(dataSource);
    return dataSource;
  }

  /** JPA over {@code dataSource} for the entities of {@code entityPackage}. */
  public static LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource, String entityPackage) {
    var factory = new LocalContainerEntityManagerFactoryBean();
    factory.setDataSource(dataSource);
    factory.setPackagesToScan(entityPackage);
    factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
    Properties properties = new Properties();
    properties.setProperty("hibernate.dialect", "org.hibernate.community.dialect.SQLiteDialect");
    properties.setProperty(
        "hibernate.physical_naming_strategy",
        "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy");
    factory.setJpaProperties(properties);
    return factory;
  }

  /**
   * The rows {@code sql} selects, integer columns as long: SQLite answers Integer or Long by the
   * value, which would make equal figures compare unequal.
   */
  public static List<Map<String, Object>> rows(JdbcTemplate jdbc, String sql, Object... args) {
    return jdbc.queryForList(sql, args).stream().map(SqliteReadModels::longs).toList();
  }

  private static Map<String, Object> longs(Map<String, Object> row) {
    Map<String, Object> longs = new LinkedHashMap<>();
    row.forEach(
        (column, value) ->
            longs.put(column, value instanceof Number number ? number.longValue() : value));
    return longs;
  }

  /**
   * Hands {@code events} to a projection's handlers in one transaction, as one batch of the
   * application's pooled processor does.
   */
  public static void handleInOneTransaction(
      TransactionTemplate transactions, EventMessageHandler handler, Object... events) {
    transactions.executeWithoutResult(
        status -> {
          for (Object event : events) {
            try {
              handler.handle(GenericEventMessage.asEventMessage(event));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        });
  }
}
