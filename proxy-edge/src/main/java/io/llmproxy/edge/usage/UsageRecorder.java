package io.llmproxy.edge.usage;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.pricing.PriceCatalog;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.ratelimit.KeyRateLimiter;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Measures one proxied request and turns its end into a durable ledger entry. */
@Component
public class UsageRecorder {

  private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

  private final UsageLedger ledger;
  private final PriceCatalog prices;
  private final KeyRateLimiter rateLimiter;
  private final Clock clock;

  UsageRecorder(UsageLedger ledger, PriceCatalog prices, KeyRateLimiter rateLimiter, Clock clock) {
    this.ledger = ledger;
    this.prices = prices;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
  }

  public Attempt start(
      String requestId, RegisteredKey key, Route route, Operation operation, boolean streamed) {
    return new Attempt(
        requestId,
        key.keyId(),
        key.teamId(),
        route,
        operation,
        streamed,
        clock.instant(),
        System.nanoTime());
  }

  /** A request in flight: its identity, when it started, and whether its end is recorded. */
  public final class Attempt {
    private final String requestId;
    private final String keyId;
    private final String teamId;
    private final Route route;
    private final Operation operation;
    private final boolean streamed;
    private final Instant startedAt;
    private final long startNanos;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile long firstChunkNanos;

    private Attempt(
        String requestId,
        String keyId,
        String teamId,
        Route route,
        Operation operation,
        boolean streamed,
        Instant startedAt,
        long startNanos) {
      this.requestId = requestId;
      this.keyId = keyId;
      this.teamId = teamId;
      this.route = route;
      this.operation = operation;
      this.streamed = streamed;
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
      return Mono.defer(
          () -> {
            if (!finished.compareAndSet(false, true)) {
              return Mono.empty();
            }
            rateLimiter.consume(keyId, usage.totalTokens());
            UsageRecorded entry = entry(outcome, usage, estimated);
            return Mono.fromFuture(ledger.append(entry))
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

    private UsageRecorded entry(UsageOutcome outcome, TokenUsage usage, boolean estimated) {
      long now = System.nanoTime();
      long firstChunk = firstChunkNanos;
      Long timeToFirstToken =
          streamed && firstChunk != 0 ? (firstChunk - startNanos) / 1_000_000 : null;
      Optional<PriceCatalog.Cost> cost = prices.cost(route.upstreamModel(), usage);
      return new UsageRecorded(
          requestId,
          keyId,
          route.alias(),
          route.provider(),
          route.upstreamModel(),
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
          teamId);
    }
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
