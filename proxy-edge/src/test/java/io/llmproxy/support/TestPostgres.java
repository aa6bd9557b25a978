package io.llmproxy.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL database the multi-node tests run against. An external database given by {@code
 * LLMPROXY_TEST_DATABASE_URL}, {@code LLMPROXY_TEST_DATABASE_USERNAME} and {@code
 * LLMPROXY_TEST_DATABASE_PASSWORD} wins; without it the tests start their own server ({@link
 * EmbeddedTestPostgres}), so they run everywhere and a build cannot pass by skipping them. {@code
 * -Dllmproxy.test.skip-postgres=true} (or env {@code LLMPROXY_TEST_SKIP_POSTGRES=true}) skips them
 * instead, on purpose.
 */
public record TestPostgres(String url, String username, String password) {

  public static final String SKIP_PROPERTY = "llmproxy.test.skip-postgres";

  /** The configured or embedded database, emptied; skips the calling test when asked to. */
  public static TestPostgres emptied() {
    TestPostgres database = configured();
    if (database == null) {
      boolean skip =
          Boolean.getBoolean(SKIP_PROPERTY)
              || "true".equalsIgnoreCase(System.getenv("LLMPROXY_TEST_SKIP_POSTGRES"));
      Assumptions.assumeFalse(skip, "PostgreSQL tests skipped on purpose (" + SKIP_PROPERTY + ")");
      database = EmbeddedTestPostgres.database();
    }
    database.execute("DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public");
    return database;
  }

  private static TestPostgres configured() {
    String url = System.getenv("LLMPROXY_TEST_DATABASE_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    return new TestPostgres(
        url,
        System.getenv("LLMPROXY_TEST_DATABASE_USERNAME"),
        System.getenv("LLMPROXY_TEST_DATABASE_PASSWORD"));
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, username, password);
  }

  /** The properties that put a node on this database, under the name {@code node}. */
  public Map<String, Object> nodeProperties(String node) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.profiles.active", "postgres");
    properties.put("llmproxy.database.url", url);
    properties.put("llmproxy.database.username", username == null ? "" : username);
    properties.put("llmproxy.database.password", password == null ? "" : password);
    properties.put("llmproxy.node-id", node);
    // every node needs the same secrets (32 bytes each, base64)
    properties.put("llmproxy.key-pepper", "cGVwcGVyLXBlcHBlci1wZXBwZXItcGVwcGVyLXBlcHA=");
    properties.put("llmproxy.jwt-secret", "and0LXNlY3JldC1qd3Qtc2VjcmV0LWp3dC1zZWNyZXQ=");
    return properties;
  }

  private void execute(String... statements) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the test database at " + url, e);
    }
  }
}
