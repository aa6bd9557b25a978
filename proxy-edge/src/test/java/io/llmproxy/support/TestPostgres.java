package io.llmproxy.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL database the multi-node tests run against, from {@code
 * LLMPROXY_TEST_DATABASE_URL}, {@code LLMPROXY_TEST_DATABASE_USERNAME} and {@code
 * LLMPROXY_TEST_DATABASE_PASSWORD} ({@code .ci/postgres start} prints them). Without the URL the
 * tests fail, so that a CI run without PostgreSQL cannot pass silently; {@code
 * -Dllmproxy.test.skip-postgres=true} (or env {@code LLMPROXY_TEST_SKIP_POSTGRES=true}) skips them
 * instead, on purpose.
 */
public record TestPostgres(String url, String username, String password) {

  public static final String SKIP_PROPERTY = "llmproxy.test.skip-postgres";

  /** The configured database, emptied; skips or fails the calling test when there is none. */
  public static TestPostgres emptied() {
    String url = System.getenv("LLMPROXY_TEST_DATABASE_URL");
    if (url == null || url.isBlank()) {
      boolean skip =
          Boolean.getBoolean(SKIP_PROPERTY)
              || "true".equalsIgnoreCase(System.getenv("LLMPROXY_TEST_SKIP_POSTGRES"));
      Assumptions.assumeFalse(skip, "PostgreSQL tests skipped on purpose (" + SKIP_PROPERTY + ")");
      throw new IllegalStateException(
          "LLMPROXY_TEST_DATABASE_URL is not set: start PostgreSQL with"
              + " `eval \"$(.ci/postgres start)\"` (README, Development), or pass -D"
              + SKIP_PROPERTY
              + "=true to skip the PostgreSQL tests");
    }
    TestPostgres database =
        new TestPostgres(
            url,
            System.getenv("LLMPROXY_TEST_DATABASE_USERNAME"),
            System.getenv("LLMPROXY_TEST_DATABASE_PASSWORD"));
    database.execute("DROP SCHEMA IF EXISTS public CASCADE", "CREATE SCHEMA public");
    return database;
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
