package io.llmproxy.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/**
 * A real SQLite event store in a test's folder, with the application's own migrations, for unit
 * tests of the ledger and budget code that need stored events but no running node.
 */
public final class SqliteEventStore {

  private SqliteEventStore() {}

  public static SQLiteDataSource in(Path folder) {
    SQLiteDataSource database = new SQLiteDataSource();
    database.setUrl("jdbc:sqlite:" + folder.resolve("llm-proxy.db"));
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/migration", "classpath:db/vendor/sqlite")
        .outOfOrder(true)
        .load()
        .migrate();
    return database;
  }

  /** Serialises events as the application's {@code eventSerializer} does. */
  public static Serializer eventSerializer() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }
}
