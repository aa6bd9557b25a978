package io.llmproxy.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.query.replay.AuditReplays;
import io.llmproxy.query.replay.ReplayReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code java -jar llm-proxy.jar audit-replay --llmproxy.data-dir=./data} (or {@code
 * --llmproxy.audit.replay=true}): an audit replay against a stopped instance's data folder, without
 * an HTTP server. The application starts as usual otherwise, so the rollup projection first catches
 * up with the store, as it would at a normal start. Prints the result as JSON.
 */
public final class AuditReplayCommand {

  /** No discrepancies. */
  public static final int CLEAN = 0;

  /** The replay could not run (no database, a failure while reading). */
  public static final int FAILED = 1;

  /** The replay ran and found discrepancies. */
  public static final int DISCREPANCIES = 2;

  static final String ARGUMENT = "audit-replay";
  static final String PROPERTY = "--llmproxy.audit.replay=true";

  private AuditReplayCommand() {}

  static boolean requested(String[] args) {
    return Arrays.stream(args)
        .anyMatch(arg -> arg.equals(ARGUMENT) || arg.equalsIgnoreCase(PROPERTY));
  }

  /** Runs one replay, prints its result to {@code out} and returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String[] springArgs =
        Arrays.stream(args).filter(arg -> !arg.equals(ARGUMENT)).toArray(String[]::new);
    StandardEnvironment environment = environment(springArgs);
    Path database = Path.of(environment.getProperty("llmproxy.data-dir", "./data"), "llm-proxy.db");
    // on PostgreSQL the store is wherever llmproxy.database.url points, and the command runs as one
    // more node without an HTTP server
    boolean postgres = environment.matchesProfiles(StorageProfiles.POSTGRES);
    if (!postgres && !Files.isRegularFile(database)) {
      // starting anyway would create an empty database and report nothing wrong
      err.println("audit-replay: no database at " + database.toAbsolutePath());
      return FAILED;
    }
    LlmProxyApplication.disableAxonUpdateChecker();
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(LlmProxyApplication.class)
            .web(WebApplicationType.NONE)
            // stdout carries the result; start-up chatter would bury it
            .properties(
                Map.of(
                    "logging.level.root",
                    "warn",
                    // warns at every start that migrations may apply out of order, as designed
                    "logging.level.org.flywaydb.core.internal.command.DbMigrate",
                    "error"))
            .run(springArgs)) {
      ReplayReport report = context.getBean(AuditReplays.class).runToCompletion();
      out.println(
          context
              .getBean(ObjectMapper.class)
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(report));
      if (!ReplayReport.COMPLETED.equals(report.status())) {
        return FAILED;
      }
      return report.discrepancyCount() == 0 ? CLEAN : DISCREPANCIES;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("audit-replay: interrupted");
      return FAILED;
    } catch (Exception e) {
      err.println("audit-replay: " + e.getMessage());
      return FAILED;
    }
  }

  /** Properties and profiles as the application will bind them: arguments, then environment. */
  private static StandardEnvironment environment(String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    return environment;
  }
}
