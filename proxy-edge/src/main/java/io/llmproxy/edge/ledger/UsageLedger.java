package io.llmproxy.edge.ledger;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends usage events to per-key ledger streams with group commit: one writer thread takes
 * whatever requests are waiting, up to a batch limit, and appends them in one transaction. A lone
 * request commits at once; under load, many share a commit, so throughput is not bounded by one
 * transaction per request. Each caller's future completes only once its event is durable.
 *
 * <p>Each event is chained to its stream's previous one by hash (see {@code edge.ledger}). On
 * SQLite (one node) the writer keeps every stream's head, sequence and hash, in memory after first
 * touching it, so chaining costs no read per event; appends stay on this one thread so that heads
 * cannot race. On PostgreSQL other nodes append to the same streams, so each batch locks its
 * streams for its transaction and reads their heads afresh: one statement for each, per batch.
 * (Appending on remembered heads and retrying when the unique (stream, sequence) index refused the
 * batch starved the losing node under load: the winner's heads were always current.)
 */
@Component
public class UsageLedger implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(UsageLedger.class);
  private static final int QUEUE_CAPACITY = 65_536;
  // stops after the web server has drained its requests, and before storage closes
  private static final int PHASE = Integer.MAX_VALUE - 4096;

  private final LedgerRows rows;
  private final LedgerEntries entries;
  private final TransactionTemplate transactions;
  private final int maxBatch;
  private final BlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  // only the writer thread touches it
  private final Map<String, StreamHead> streamHeads = new HashMap<>();
  private final DistributionSummary batchSizes;
  private final Timer commitTimes;
  private volatile boolean running;
  private Thread writer;

  UsageLedger(
      LedgerRows rows,
      LedgerEntries entries,
      DataSource dataSource,
      @Value("${llmproxy.usage.max-batch:512}") int maxBatch,
      MeterRegistry meters) {
    this.rows = rows;
    this.entries = entries;
    // plain JDBC transactions: the batch needs no JPA session, and opening one per commit costs
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.maxBatch = Math.max(1, maxBatch);
    this.batchSizes =
        DistributionSummary.builder("llmproxy.usage.ledger.batch.size")
            .description("usage events appended per group-commit transaction")
            .register(meters);
    this.commitTimes =
        Timer.builder("llmproxy.usage.ledger.commit")
            .description("time to append and commit one batch of usage events")
            .register(meters);
    meters.gaugeCollectionSize("llmproxy.usage.ledger.queue", Tags.empty(), queue);
  }

  /** Completes when the event is committed; fails if the ledger cannot take it. */
  public CompletableFuture<Void> append(UsageRecorded event) {
    var pending = new PendingAppend(event, new CompletableFuture<>());
    boolean accepted;
    // the same lock as stop(): nothing is enqueued after the writer's final drain has begun
    synchronized (this) {
      accepted = running && queue.offer(pending);
    }
    if (!accepted) {
      pending
          .done()
          .completeExceptionally(
              new LedgerUnavailableException("usage ledger is not accepting entries"));
    }
    return pending.done();
  }

  @Override
  public void start() {
    synchronized (this) {
      running = true;
    }
    writer = new Thread(this::writeLoop, "usage-ledger-writer");
    writer.setDaemon(false);
    writer.start();
  }

  @Override
  public void stop() {
    synchronized (this) {
      running = false;
    }
    if (writer != null) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void writeLoop() {
    List<PendingAppend> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        PendingAppend first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commitWithRetry(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } finally {
        batch.clear();
      }
    }
  }

  private void commitWithRetry(List<PendingAppend> batch) {
    batchSizes.record(batch.size());
    try {
      commitTimes.record(() -> commit(batch));
    } catch (RuntimeException firstFailure) {
      // the store failed, or another writer appended to one of these streams: re-read their
      // heads and try once more
      batch.forEach(p -> streamHeads.remove(p.streamId()));
      try {
        commit(batch);
      } catch (RuntimeException failure) {
        log.error("could not append {} usage events to the ledger", batch.size(), failure);
        batch.forEach(
            p ->
                p.done()
                    .completeExceptionally(
                        new LedgerUnavailableException("usage could not be recorded")));
        return;
      }
    }
    batch.forEach(p -> p.done().complete(null));
  }

  private void commit(List<PendingAppend> batch) {
    // heads move in the cache only once the batch is committed
    Map<String, StreamHead> heads = new HashMap<>();
    List<LedgerRow> inserts = new ArrayList<>(batch.size());
    transactions.executeWithoutResult(
        status -> {
          if (rows.sharedByNodes()) {
            heads.putAll(
                rows.lockHeads(batch.stream().map(PendingAppend::streamId).distinct().toList()));
          }
          for (PendingAppend pending : batch) {
            StreamHead head = heads.computeIfAbsent(pending.streamId(), this::currentHead);
            LedgerRow row = entries.next(head, pending.event());
            heads.put(pending.streamId(), row.head());
            inserts.add(row);
          }
          rows.insert(inserts);
        });
    if (!rows.sharedByNodes()) {
      streamHeads.putAll(heads);
    }
  }

  private StreamHead currentHead(String stream) {
    StreamHead cached = streamHeads.get(stream);
    // read on the batch's own connection: the writer pool has just this one
    return cached != null ? cached : rows.head(stream);
  }

  private record PendingAppend(UsageRecorded event, CompletableFuture<Void> done) {
    String streamId() {
      return UsageRecorded.ledgerStreamId(event.keyId());
    }
  }
}
