package io.llmproxy.query.replay;

import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.TrackingTokens;
import io.llmproxy.kernel.DataSources;
import java.io.Serial;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Runs audit replays one at a time on their own thread and keeps the last {@code
 * llmproxy.audit.keep-results} results in memory, newest first; they are gone after a restart (a
 * replay is cheap to run again).
 */
@Component
public class AuditReplays implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(AuditReplays.class);

  private final AuditReplay replay;
  private final int keep;
  private final Clock clock;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "audit-replay");
            thread.setDaemon(true);
            return thread;
          });
  private final Deque<ReplayRun> recent = new ArrayDeque<>();
  private ReplayRun running;

  AuditReplays(
      @Qualifier(DataSources.READ_ONLY) DataSource readOnly,
      EventReads events,
      TrackingTokens tokens,
      AuditReplaySettings settings,
      Clock clock) {
    this.replay =
        new AuditReplay(
            readOnly,
            new LedgerPages(events, settings.pageSize()),
            new ProjectionPosition(tokens),
            settings,
            clock);
    this.keep = settings.keepResults();
    this.clock = clock;
  }

  /**
   * Starts a replay and returns at once.
   *
   * @throws AlreadyRunning while another replay runs
   */
  public ReplayReport start() {
    return begin().report();
  }

  /** Starts a replay and waits for its result: the command line's way. */
  public ReplayReport runToCompletion() throws InterruptedException {
    return begin().await();
  }

  private ReplayRun begin() {
    ReplayRun run;
    synchronized (this) {
      if (running != null) {
        throw new AlreadyRunning(running.id());
      }
      run = new ReplayRun(UUID.randomUUID().toString(), clock);
      running = run;
      recent.addFirst(run);
      while (recent.size() > keep) {
        recent.removeLast();
      }
    }
    executor.execute(() -> execute(run));
    return run;
  }

  public synchronized Optional<ReplayReport> find(String id) {
    return recent.stream().filter(run -> run.id().equals(id)).findFirst().map(ReplayRun::report);
  }

  /** The kept results, newest first. */
  public synchronized List<ReplayReport> recent() {
    return recent.stream().map(ReplayRun::report).toList();
  }

  private void execute(ReplayRun run) {
    long started = System.nanoTime();
    try {
      run.complete(replay.run(run));
      ReplayReport report = run.report();
      log.info(
          "audit replay {} compared {} events at position {} in {} ms: {} discrepancies",
          run.id(),
          report.progress().eventsRead(),
          report.position(),
          (System.nanoTime() - started) / 1_000_000,
          report.discrepancyCount());
    } catch (InterruptedException e) {
      run.fail("stopped before it completed");
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      log.error("audit replay {} failed", run.id(), e);
      run.fail(e.getMessage());
    } finally {
      synchronized (this) {
        running = null;
      }
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }

  /** Another replay is running; only one runs at a time. */
  public static final class AlreadyRunning extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    private final String runningId;

    AlreadyRunning(String runningId) {
      super("an audit replay is already running: " + runningId);
      this.runningId = runningId;
    }

    public String runningId() {
      return runningId;
    }
  }
}
