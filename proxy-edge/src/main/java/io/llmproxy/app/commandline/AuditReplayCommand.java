package io.llmproxy.app.commandline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.query.replay.AuditReplays;
import io.llmproxy.query.replay.ReplayReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

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

  public static boolean requested(String[] args) {
    return CommandLineTools.requested(args, ARGUMENT, PROPERTY);
  }

  /** Runs one replay, prints its result to {@code out} and returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String[] springArgs = CommandLineTools.springArguments(args, ARGUMENT);
    Path database = CommandLineTools.dataDir(springArgs).resolve("llm-proxy.db");
    // on PostgreSQL the store is wherever llmproxy.database.url points, and the command runs as one
    // more node without an HTTP server
    if (!CommandLineTools.onPostgres(springArgs) && !Files.isRegularFile(database)) {
      // starting anyway would create an empty database and report nothing wrong
      err.println("audit-replay: no database at " + database.toAbsolutePath());
      return FAILED;
    }
    try (ConfigurableApplicationContext context = CommandLineTools.start(springArgs)) {
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
}
