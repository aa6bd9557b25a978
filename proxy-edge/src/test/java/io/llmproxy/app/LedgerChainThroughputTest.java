package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.edge.ledger.LedgerVerifier;
import io.llmproxy.edge.ledger.UsageLedger;
import io.llmproxy.edge.ledger.VerificationReport;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends many usage entries straight to the ledger, then verifies every chain. Prints the append
 * and verification rates (run with {@code -Dledger.bench.events=1000000} for a large ledger); it
 * asserts only that every entry became durable and every chain is intact, never a timing.
 */
@EndToEnd
class LedgerChainThroughputTest {

  private static final int EVENTS = Integer.getInteger("ledger.bench.events", 20_000);
  private static final int STREAMS = 500;
  private static final int IN_FLIGHT = 4_096;

  // subscribing processors never see what the ledger writes with JDBC, so the projections do not
  // share the writer connection with it here: the rate printed is the ledger's own
  private static final Map<String, Object> LEDGER_ALONE =
      Map.of(
          "axon.eventhandling.processors.usage-rollups.mode", "subscribing",
          "axon.eventhandling.processors.key-list.mode", "subscribing",
          "axon.eventhandling.processors.team-list.mode", "subscribing",
          "axon.eventhandling.processors.admin-audit.mode", "subscribing");

  @TempDir Path dataDir;

  @Test
  void everyAppendedEntryIsDurableAndEveryChainVerifies() throws InterruptedException {
    try (ProxyNode node = ProxyNode.start(dataDir, LEDGER_ALONE)) {
      UsageLedger ledger = node.bean(UsageLedger.class);
      // the first fifth warms the code paths up and is not timed
      int warmUp = EVENTS / 5;
      append(ledger, 0, warmUp);
      long writerCpu = writerCpuNanos();
      long start = System.nanoTime();
      append(ledger, warmUp, EVENTS);
      rate("ledger append", EVENTS - warmUp, start);
      System.out.printf(
          "ledger writer thread: %.1f us CPU per event%n",
          (writerCpuNanos() - writerCpu) / 1e3 / (EVENTS - warmUp));
      for (String keyId : List.of("bench-0", "bench-" + (STREAMS - 1))) {
        assertThat(node.ledger(keyId)).hasSize(EVENTS / STREAMS);
      }

      LedgerVerifier verifier = node.bean(LedgerVerifier.class);
      VerificationReport report = null;
      for (String walk : List.of("ledger verify (first walk)", "ledger verify (second walk)")) {
        long walkStart = System.nanoTime();
        report = verifier.verify();
        rate(walk, report.events(), walkStart);
      }
      assertThat(report.verified()).isTrue();
      assertThat(report.streams()).isEqualTo(STREAMS);
      assertThat(report.events()).isEqualTo(EVENTS);
      assertThat(report.legacyEvents()).isZero();
      assertThat(report.firstBreak()).isNull();
    }
  }

  private static void append(UsageLedger ledger, int from, int to) throws InterruptedException {
    Semaphore window = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Void>> appends = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      window.acquire();
      CompletableFuture<Void> done = ledger.append(entry(i));
      done.whenComplete((ok, error) -> window.release());
      appends.add(done);
    }
    // join() throws if any append failed
    CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();
  }

  private static long writerCpuNanos() {
    Thread writer =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("usage-ledger-writer"))
            .findFirst()
            .orElseThrow();
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(writer.getId());
  }

  private static void rate(String what, long events, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%s: %d events in %.2f s = %.0f events/s%n", what, events, seconds, events / seconds);
  }

  private static UsageRecorded entry(int i) {
    return new UsageRecorded(
        "req-" + i,
        "bench-" + (i % STREAMS),
        "demo",
        "mock",
        "mock-1",
        TokenUsage.of(17 + i % 100, 5 + i % 7),
        false,
        UsageOutcome.SUCCESS,
        12,
        Instant.parse("2026-01-01T00:00:00Z").plusMillis(i),
        "chat.completions",
        i % 2 == 0,
        i % 2 == 0 ? 3L : null,
        new BigDecimal("0.00000555"),
        "2026-01-01",
        "team-1",
        1,
        false);
  }
}
