package io.llmproxy.app.commandline;

import io.llmproxy.app.storage.ReadModelRebuild;
import io.llmproxy.edge.ledger.UsageLedger;
import io.llmproxy.edge.ledger.synthetic.SyntheticUsage;
import io.llmproxy.edge.ledger.synthetic.SyntheticUsageSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar llm-proxy.jar generate-usage --llmproxy.data-dir=./bench-data
 * --generate.entries=1000000}: appends synthetic but realistic usage (see {@link SyntheticUsage})
 * through the real ledger (group commit, hash chain), for scale tests and benchmarks. Settings:
 * {@code generate.entries} (100000), {@code generate.keys} (200), {@code generate.teams} (20),
 * {@code generate.days} (30), {@code generate.seed} (1); the period ends at the current hour.
 */
public final class GenerateUsageCommand {

  static final String ARGUMENT = "generate-usage";
  private static final int IN_FLIGHT = 16_384;

  private GenerateUsageCommand() {}

  public static boolean requested(String[] args) {
    return CommandLineTools.requested(args, ARGUMENT, "--llmproxy.generate-usage=true");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String[] springArgs = CommandLineTools.springArguments(args, ARGUMENT);
    SyntheticUsageSettings settings;
    try {
      settings =
          new SyntheticUsageSettings(
              Long.parseLong(CommandLineTools.property(springArgs, "generate.entries", "100000")),
              Integer.parseInt(CommandLineTools.property(springArgs, "generate.keys", "200")),
              Integer.parseInt(CommandLineTools.property(springArgs, "generate.teams", "20")),
              Duration.ofDays(
                  Long.parseLong(CommandLineTools.property(springArgs, "generate.days", "30"))),
              Instant.now().truncatedTo(ChronoUnit.HOURS),
              Long.parseLong(CommandLineTools.property(springArgs, "generate.seed", "1")));
    } catch (IllegalArgumentException e) {
      err.println("generate-usage: " + e.getMessage());
      return 1;
    }
    try (ConfigurableApplicationContext context = CommandLineTools.start(springArgs)) {
      long millis = append(context.getBean(UsageLedger.class), settings);
      context.getBean(ReadModelRebuild.class).stopAll();
      out.printf(
          "{\"entries\":%d,\"millis\":%d,\"entries_per_second\":%d}%n",
          settings.entries(), millis, settings.entries() * 1000 / Math.max(1, millis));
      return 0;
    } catch (Exception e) {
      err.println("generate-usage: " + e.getMessage());
      return 1;
    }
  }

  /** Appends every entry, a bounded number in flight, and waits until all are durable. */
  public static long append(UsageLedger ledger, SyntheticUsageSettings settings)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long started = System.nanoTime();
    new SyntheticUsage(settings)
        .generate(
            entry -> {
              inFlight.acquireUninterruptibly();
              CompletableFuture<Void> done = ledger.append(entry);
              done.whenComplete(
                  (ok, error) -> {
                    if (error != null) {
                      failure.compareAndSet(null, error);
                    }
                    inFlight.release();
                  });
            });
    inFlight.acquire(IN_FLIGHT);
    if (failure.get() != null) {
      throw new IllegalStateException("the ledger refused an entry", failure.get());
    }
    return Math.max(1, (System.nanoTime() - started) / 1_000_000);
  }
}
