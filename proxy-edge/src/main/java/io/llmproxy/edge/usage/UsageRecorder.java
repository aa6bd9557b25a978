package io.llmproxy.edge.usage;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Measures one proxied request and turns its end into a durable ledger entry. */
@Component
public class UsageRecorder {

  private final UsageLedger ledger;
  private final Clock clock;

  UsageRecorder(UsageLedger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  public Attempt start(String keyId, Route route) {
    String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
    return new Attempt(requestId, keyId, route, clock.instant(), System.nanoTime());
  }

  /** A request in flight: its identity and when it started. */
  public final class Attempt {
    private final String requestId;
    private final String keyId;
    private final Route route;
    private final Instant startedAt;
    private final long startNanos;

    private Attempt(
        String requestId, String keyId, Route route, Instant startedAt, long startNanos) {
      this.requestId = requestId;
      this.keyId = keyId;
      this.route = route;
      this.startedAt = startedAt;
      this.startNanos = startNanos;
    }

    public String requestId() {
      return requestId;
    }

    /** Completes once the entry is durable; fails with a 503 if it could not be recorded. */
    public Mono<Void> finish(UsageOutcome outcome, TokenUsage usage, boolean estimated) {
      long latencyMillis = (System.nanoTime() - startNanos) / 1_000_000;
      var event =
          new UsageRecorded(
              requestId,
              keyId,
              route.alias(),
              route.provider(),
              route.upstreamModel(),
              usage,
              estimated,
              outcome,
              latencyMillis,
              startedAt);
      return Mono.fromFuture(() -> ledger.append(event))
          .onErrorMap(
              LedgerUnavailableException.class,
              e ->
                  new ApiException(
                      HttpStatus.SERVICE_UNAVAILABLE,
                      "api_error",
                      "ledger_unavailable",
                      null,
                      "The request's usage could not be recorded, so its answer is withheld;"
                          + " retry later."));
    }
  }
}
