package io.llmproxy.app.commandline;

import io.llmproxy.app.LlmProxyApplication;
import io.llmproxy.app.storage.StorageProfiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What the command-line tools ({@code audit-replay}, {@code generate-usage}, {@code
 * rebuild-read-models}) share: they run the application without an HTTP server against a data
 * folder, and print their result as JSON on stdout.
 */
final class CommandLineTools {

  private CommandLineTools() {}

  static boolean requested(String[] args, String command, String property) {
    return Arrays.stream(args)
        .anyMatch(arg -> arg.equals(command) || arg.equalsIgnoreCase(property));
  }

  static String[] springArguments(String[] args, String command) {
    return Arrays.stream(args).filter(arg -> !arg.equals(command)).toArray(String[]::new);
  }

  static ConfigurableApplicationContext start(String[] springArgs) {
    LlmProxyApplication.disableAxonUpdateChecker();
    return new SpringApplicationBuilder(LlmProxyApplication.class)
        .web(WebApplicationType.NONE)
        // stdout carries the result; start-up chatter would bury it
        .properties(
            Map.of(
                "logging.level.root",
                "warn",
                // warns at every start that migrations may apply out of order, as designed
                "logging.level.org.flywaydb.core.internal.command.DbMigrate",
                "error"))
        .run(springArgs);
  }

  /** A property as the application will bind it: argument, environment, or the default. */
  static String property(String[] args, String name, String fallback) {
    return environment(args).getProperty(name, fallback);
  }

  /** Whether the application will run with the {@code postgres} profile. */
  static boolean onPostgres(String[] args) {
    return environment(args).matchesProfiles(StorageProfiles.POSTGRES);
  }

  private static StandardEnvironment environment(String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    return environment;
  }

  static Path dataDir(String[] args) {
    return Path.of(property(args, "llmproxy.data-dir", "./data"));
  }
}
