package io.llmproxy.query.replay;

import io.llmproxy.query.usage.UsageTotalsView;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/** One replay's progress, updated by the replay thread and read by anyone asking for it. */
final class ReplayRun {

  private final String id;
  private final Clock clock;
  private final Instant startedAt;
  private final AtomicLong eventsRead = new AtomicLong();
  private final AtomicLong eventsTotal = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile ReplayReport finished;

  ReplayRun(String id, Clock clock) {
    this.id = id;
    this.clock = clock;
    this.startedAt = clock.instant();
  }

  String id() {
    return id;
  }

  void expect(long total) {
    eventsTotal.set(total);
  }

  void eventRead() {
    eventsRead.incrementAndGet();
  }

  void complete(ReplayOutcome outcome) {
    RollupComparison comparison = outcome.comparison();
    finish(
        ReplayReport.COMPLETED,
        outcome.position(),
        UsageTotalsView.of(outcome.ledger().totals()),
        UsageTotalsView.of(comparison.readModelTotals()),
        comparison,
        null);
  }

  void fail(String error) {
    finish(ReplayReport.FAILED, null, null, null, null, error);
  }

  private void finish(
      String status,
      Long position,
      UsageTotalsView ledger,
      UsageTotalsView readModel,
      RollupComparison comparison,
      String error) {
    finished =
        new ReplayReport(
            id,
            status,
            startedAt,
            clock.instant(),
            progress(true),
            position,
            ledger,
            readModel,
            comparison == null ? null : comparison.rowsCompared(),
            comparison == null ? null : comparison.found(),
            comparison == null ? null : comparison.discrepancies(),
            error);
    done.countDown();
  }

  ReplayReport report() {
    ReplayReport result = finished;
    if (result != null) {
      return result;
    }
    return new ReplayReport(
        id,
        ReplayReport.RUNNING,
        startedAt,
        null,
        progress(false),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  ReplayReport await() throws InterruptedException {
    done.await();
    return finished;
  }

  private ReplayReport.Progress progress(boolean done) {
    long read = eventsRead.get();
    long total = Math.max(read, eventsTotal.get());
    // an empty ledger is all read once done; until then its size is not known yet
    int percent = total == 0 ? (done ? 100 : 0) : (int) Math.min(100, read * 100 / total);
    return new ReplayReport.Progress(read, total, percent);
  }
}
