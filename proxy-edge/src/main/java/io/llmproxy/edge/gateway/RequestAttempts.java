package io.llmproxy.edge.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.budget.BudgetGuard;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.ledger.UsageRecorder;
import io.llmproxy.edge.providers.AnswerTooLarge;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UpstreamModelNames;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.providers.registry.ProviderRegistry;
import io.llmproxy.edge.routing.Failover;
import io.llmproxy.edge.routing.Target;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import java.time.Duration;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The attempts of one client request: each gets its own ledger entry, sent to the deployment the
 * failover chose, under that alias's timeout. Whoever finishes the request (answer, relay, cancel)
 * asks for the current attempt.
 */
final class RequestAttempts {

  private static final Logger log = LoggerFactory.getLogger(RequestAttempts.class);

  private final UsageRecorder usage;
  private final ProviderRegistry providers;
  private final UsageEstimator estimator;
  private final String requestId;
  private final RegisteredKey key;
  private final Operation operation;
  private final ObjectNode request;
  private final boolean streamed;
  private final BudgetGuard.Admission admission;
  private volatile Current current;

  /** The attempt in progress: where it went, what was sent, and its ledger entry. */
  record Current(Target target, ProviderCall call, UsageRecorder.Attempt attempt) {}

  RequestAttempts(
      UsageRecorder usage,
      ProviderRegistry providers,
      UsageEstimator estimator,
      String requestId,
      RegisteredKey key,
      Operation operation,
      ObjectNode request,
      boolean streamed,
      BudgetGuard.Admission admission) {
    this.usage = usage;
    this.providers = providers;
    this.estimator = estimator;
    this.requestId = requestId;
    this.key = key;
    this.operation = operation;
    this.request = request;
    this.streamed = streamed;
    this.admission = admission;
  }

  String requestId() {
    return requestId;
  }

  ObjectNode request() {
    return request;
  }

  /** The latest attempt, or null if none could start (every deployment at capacity). */
  Current current() {
    return current;
  }

  Failover.Attempts<ProviderResponse> whole() {
    return sent((adapter, call) -> adapter.send(call).flux());
  }

  Failover.Attempts<StreamChunk> streamed() {
    return sent(ProviderAdapter::stream);
  }

  /**
   * Attempts that send the current call with {@code send}, under the alias's timeout: for a whole
   * answer the wait for it, for a stream the wait for each next chunk (a stream may run long as
   * long as it keeps moving).
   */
  private <T> Failover.Attempts<T> sent(BiFunction<ProviderAdapter, ProviderCall, Flux<T>> send) {
    return new Recorded<>() {
      @Override
      public Flux<T> attempt(Target target, int number) {
        return begin(target, number)
            .flatMapMany(
                adapter -> {
                  Flux<T> answer = send.apply(adapter, current.call());
                  Duration timeout = timeout(target);
                  return timeout == null
                      ? answer
                      : answer.timeout(timeout, Flux.error(UpstreamException::timedOut));
                });
      }
    };
  }

  private abstract class Recorded<T> implements Failover.Attempts<T> {
    @Override
    public Mono<Void> failed(
        Target target, int number, UpstreamException failure, boolean retried) {
      Current failedAttempt = current;
      if (failedAttempt == null) {
        return Mono.empty();
      }
      // one line per failed attempt; Reactor Netty's own connection-error stack is switched off
      log.warn(
          "request {} attempt {} to {} ({}) failed{}: {}",
          requestId,
          number,
          target.provider(),
          target.upstreamModel(),
          retried ? ", retried" : "",
          failure.getMessage());
      if (failure instanceof AnswerTooLarge && !retried) {
        // the provider read the prompt and wrote more than the limit; what it wrote is unread
        TokenUsage prompt = TokenUsage.of(estimator.promptTokens(failedAttempt.call()), 0);
        return failedAttempt.attempt().finish(UsageOutcome.ANSWER_TOO_LARGE, prompt, true).then();
      }
      return (retried
              ? failedAttempt.attempt().finishRetried()
              : failedAttempt.attempt().finish(UsageOutcome.UPSTREAM_ERROR, TokenUsage.NONE, false))
          .then();
    }
  }

  private Mono<ProviderAdapter> begin(Target target, int number) {
    return Mono.fromCallable(
            () -> {
              current =
                  new Current(
                      target,
                      new ProviderCall(requestId, operation, target.upstreamModel(), request),
                      usage.start(requestId, key, target, operation, streamed, number, admission));
              return providers.adapter(target.provider());
            })
        .flatMap(
            adapter ->
                adapter
                    .map(found -> usable(target).then(Mono.just(found)))
                    .orElseGet(
                        () ->
                            Mono.error(
                                UpstreamException.unreachable(
                                    "provider '" + target.provider() + "' is not configured"))));
  }

  /** A route saved before names were checked may hold one that must not reach a URL. */
  private Mono<Void> usable(Target target) {
    return providers
        .modelNameProblem(target.provider(), target.upstreamModel())
        .<Mono<Void>>map(
            problem -> Mono.error(UpstreamModelNames.refusal(target.provider(), problem)))
        .orElse(Mono.empty());
  }

  private static Duration timeout(Target target) {
    return target.timeoutMillis() == null ? null : Duration.ofMillis(target.timeoutMillis());
  }
}
