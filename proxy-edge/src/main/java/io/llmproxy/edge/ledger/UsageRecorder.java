package io.llmproxy.edge.ledger;

import io.llmproxy.edge.budget.BudgetGuard;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.metrics.ProxyMetrics;
import io.llmproxy.edge.pricing.PriceCatalog;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.ratelimit.DeploymentCaps;
import io.llmproxy.edge.ratelimit.KeyRateLimiter;
import io.llmproxy.edge.routing.Target;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.netty.util.internal.ThreadExecutorMap;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Measures one proxied request and turns its end into a durable ledger entry. */
@Component
public class UsageRecorder {

  private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);
  private static final Executor PARALLEL = task -> Schedulers.parallel().schedule(task);
  private static final BiConsumer<Void, Throwable> NOTHING = (durable, failure) -> {};

  private final UsageLedger ledger;
  private final PriceCatalog prices;
  private final KeyRateLimiter rateLimiter;
  private final DeploymentCaps deploymentCaps;
  private final BudgetGuard budgets;
  private final ProxyMetrics metrics;
  private final Clock clock;

  UsageRecorder(
      UsageLedger ledger,
      PriceCatalog prices,
      KeyRateLimiter rateLimiter,
      DeploymentCaps deploymentCaps,
      BudgetGuard budgets,
      ProxyMetrics metrics,
      Clock clock) {
    this.ledger = ledger;
    this.prices = prices;
    this.rateLimiter = rateLimiter;
    this.deploymentCaps = deploymentCaps;
    this.budgets = budgets;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Starts measuring attempt {@code number} (from 1) of a request, sent to {@code target}. */
  public Attempt start(
      String requestId,
      RegisteredKey key,
      Target target,
      Operation operation,
      boolean streamed,
      int number,
      BudgetGuard.Admission admission) {
    return new Attempt(
        requestId,
        key.keyId(),
        key.teamId(),
        target,
        operation,
        streamed,
        number,
        admission,
        clock.instant(),
        System.nanoTime());
  }

  /** An attempt in flight: its identity, when it started, and whether its end is recorded. */
  public final class Attempt {
    private final String requestId;
    private final String keyId;
    private final String teamId;
    private final Target target;
    private final Operation operation;
    private final boolean streamed;
    private final int number;
    private final BudgetGuard.Admission admission;
    private final Instant startedAt;
    private final long startNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Executor resumeOn = requestThread();
    private volatile long firstChunkNanos;

    private Attempt(
        String requestId,
        String keyId,
        String teamId,
        Target target,
        Operation operation,
        boolean streamed,
        int number,
        BudgetGuard.Admission admission,
        Instant startedAt,
        long startNanos) {
      this.requestId = requestId;
      this.keyId = keyId;
      this.teamId = teamId;
      this.target = target;
      this.operation = operation;
      this.streamed = streamed;
      this.number = number;
      this.admission = admission;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
    }

    public String requestId() {
      return requestId;
    }

    /** Notes the arrival of the first streamed chunk; later calls change nothing. */
    public void firstChunkArrived() {
      if (firstChunkNanos == 0) {
        firstChunkNanos = System.nanoTime();
      }
    }

    /**
     * Records the request's end once: emits the entry when it is durable, fails with a 503 if it
     * could not be recorded. Whichever end is reported first wins (an answer completed and a client
     * disconnect can race); later calls complete empty and record nothing.
     */
    public Mono<UsageRecorded> finish(UsageOutcome outcome, TokenUsage usage, boolean estimated) {
      return finish(outcome, usage, estimated, false);
    }

    /** Records a failed attempt after which the request goes on with another one. */
    public Mono<UsageRecorded> finishRetried() {
      return finish(UsageOutcome.UPSTREAM_ERROR, TokenUsage.NONE, false, true);
    }

    private Mono<UsageRecorded> finish(
        UsageOutcome outcome, TokenUsage usage, boolean estimated, boolean retried) {
      return Mono.defer(
          () -> {
            if (!finished.compareAndSet(false, true)) {
              return Mono.empty();
            }
            rateLimiter.consume(keyId, usage.totalTokens());
            deploymentCaps.consume(target.deployment(), usage.totalTokens());
            UsageRecorded entry = entry(outcome, usage, estimated, retried);
            // the ledger's single writer thread completes the future; the request goes on on its
            // own event loop, which writes its answer anyway, so that the writer goes straight
            // back to the next group commit and the answer takes no other thread on its way
            return Mono.fromFuture(ledger.append(entry).whenCompleteAsync(NOTHING, resumeOn))
                .doOnSuccess(
                    durable -> {
                      budgets.recorded(entry);
                      metrics.recorded(entry);
                      if (!retried) {
                        admission.release();
                      }
                    })
                .thenReturn(entry)
                .onErrorMap(LedgerUnavailableException.class, e -> ledgerUnavailable());
          });
    }

    /**
     * Records the end with nobody waiting for it, as when the client has gone; a ledger failure can
     * then only be logged.
     */
    public void finishDetached(UsageOutcome outcome, TokenUsage usage, boolean estimated) {
      finish(outcome, usage, estimated)
          .subscribe(
              null,
              e -> log.warn("usage of request {} not recorded: {}", requestId, e.getMessage()));
    }

    private UsageRecorded entry(
        UsageOutcome outcome, TokenUsage usage, boolean estimated, boolean retried) {
      long now = System.nanoTime();
      long firstChunk = firstChunkNanos;
      Long timeToFirstToken =
          streamed && firstChunk != 0 ? (firstChunk - startNanos) / 1_000_000 : null;
      Optional<PriceCatalog.Cost> cost = prices.cost(target.upstreamModel(), usage, startedAt);
      return new UsageRecorded(
          requestId,
          keyId,
          target.alias(),
          target.provider(),
          target.upstreamModel(),
          usage,
          estimated,
          outcome,
          (now - startNanos) / 1_000_000,
          startedAt,
          operation.ledgerName(),
          streamed,
          timeToFirstToken,
          cost.map(PriceCatalog.Cost::amount).orElse(null),
          cost.map(PriceCatalog.Cost::priceVersion).orElse(null),
          teamId,
          number,
          retried);
    }
  }

  /**
   * The Netty event loop running the current request, or Reactor's parallel workers for an attempt
   * started elsewhere.
   */
  private static Executor requestThread() {
    Executor loop = ThreadExecutorMap.currentExecutor();
    return loop != null ? loop : PARALLEL;
  }

  private static ApiException ledgerUnavailable() {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        "api_error",
        "ledger_unavailable",
        null,
        "The request's usage could not be recorded, so its answer is withheld; retry later.");
  }
}
