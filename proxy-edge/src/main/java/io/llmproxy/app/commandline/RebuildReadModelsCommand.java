package io.llmproxy.app.commandline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.app.storage.ReadModelRebuild;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar llm-proxy.jar rebuild-read-models --llmproxy.data-dir=./data
 * [--rebuild.processors=usage-reports,key-list]}: empties read models and rebuilds them from the
 * event store, one processor after the other (all streaming processors by default), and prints each
 * one's rate. The instance must be stopped: a running node would keep serving the half-built
 * tables.
 */
public final class RebuildReadModelsCommand {

  static final String ARGUMENT = "rebuild-read-models";

  private RebuildReadModelsCommand() {}

  public static boolean requested(String[] args) {
    return CommandLineTools.requested(args, ARGUMENT, "--llmproxy.rebuild-read-models=true");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String[] springArgs = CommandLineTools.springArguments(args, ARGUMENT);
    try (ConfigurableApplicationContext context = CommandLineTools.start(springArgs)) {
      ReadModelRebuild rebuild = context.getBean(ReadModelRebuild.class);
      String named = CommandLineTools.property(springArgs, "rebuild.processors", "");
      List<String> processors =
          named.isBlank() ? rebuild.processors() : Arrays.asList(named.split(","));
      List<ReadModelRebuild.Result> results = new ArrayList<>();
      for (String processor : processors) {
        rebuild.pauseAllBut(processor.strip());
        results.add(rebuild.rebuild(processor.strip(), Duration.ofHours(2)));
      }
      rebuild.stopAll();
      out.println(
          context
              .getBean(ObjectMapper.class)
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(results));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("rebuild-read-models: interrupted");
      return 1;
    } catch (Exception e) {
      err.println("rebuild-read-models: " + e.getMessage());
      return 1;
    }
  }
}
