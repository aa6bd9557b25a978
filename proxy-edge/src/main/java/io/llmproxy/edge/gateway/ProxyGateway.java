package io.llmproxy.edge.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.budget.BudgetGuard;
import io.llmproxy.edge.budget.CostCeiling;
import io.llmproxy.edge.correlation.RequestIds;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.ledger.UsageRecorder;
import io.llmproxy.edge.metrics.ProxyMetrics;
import io.llmproxy.edge.metrics.ProxyMetrics.Refusal;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.providers.registry.ProviderRegistry;
import io.llmproxy.edge.ratelimit.KeyRateLimiter;
import io.llmproxy.edge.routing.Failover;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The path of every forwarded request once its front door has authenticated the key and read the
 * body into OpenAI's shape: resolve the alias, admit it under the key's limits, run it through the
 * route's failover, and release the answer (or its closing stream frames) only after its usage is
 * in the ledger.
 */
@Component
public class ProxyGateway {

  public static final String COST_HEADER = "x-llmproxy-cost";

  private final RouteTable routes;
  private final ProviderRegistry providers;
  private final UsageRecorder usage;
  private final UsageEstimator estimator;
  private final KeyRateLimiter rateLimiter;
  private final Failover failover;
  private final BudgetGuard budgets;
  private final CostCeiling costCeiling;
  private final ProxyMetrics metrics;

  ProxyGateway(
      RouteTable routes,
      ProviderRegistry providers,
      UsageRecorder usage,
      UsageEstimator estimator,
      KeyRateLimiter rateLimiter,
      Failover failover,
      BudgetGuard budgets,
      CostCeiling costCeiling,
      ProxyMetrics metrics) {
    this.routes = routes;
    this.providers = providers;
    this.usage = usage;
    this.estimator = estimator;
    this.rateLimiter = rateLimiter;
    this.failover = failover;
    this.budgets = budgets;
    this.costCeiling = costCeiling;
    this.metrics = metrics;
  }

  /**
   * The alias's route, if it exists and the key may use it. Both refusals are the same 404, so a
   * key cannot tell the aliases it may not use from those that do not exist.
   */
  public Route admitAlias(RegisteredKey key, String alias) {
    return routes
        .find(alias)
        .filter(route -> key.mayUse(alias))
        .orElseThrow(() -> modelNotFound(alias));
  }

  /** One request, already in OpenAI's shape, for {@code alias}, answered in {@code shape}. */
  public Mono<Void> forward(
      ServerWebExchange exchange,
      RegisteredKey key,
      String alias,
      Operation operation,
      ObjectNode request,
      boolean streamed,
      AnswerShape shape) {
    Route route = admitAlias(key, alias);
    BudgetGuard.Admission admission;
    try {
      rateLimiter.admit(key).forEach(exchange.getResponse().getHeaders()::set);
    } catch (ApiException refused) {
      metrics.refused(Refusal.RATE_LIMIT, alias);
      throw refused;
    }
    try {
      admission = budgets.admit(key, () -> costCeiling.of(route, operation, request));
    } catch (ApiException refused) {
      metrics.refused(Refusal.BUDGET, alias);
      throw refused;
    }
    var attempts =
        new RequestAttempts(
            usage,
            providers,
            estimator,
            RequestIds.of(exchange),
            key,
            operation,
            request,
            streamed,
            admission);
    // normally released as the final attempt is recorded; this covers requests that never got one
    return (streamed
            ? stream(exchange, route, attempts, shape)
            : answerWhole(exchange, route, attempts, shape))
        .doOnError(
            ApiException.class,
            failure -> {
              if (Failover.AT_CAPACITY.equals(failure.code())) {
                metrics.refused(Refusal.DEPLOYMENT_CAPACITY, alias);
              }
            })
        .doFinally(signal -> admission.release());
  }

  private Mono<Void> answerWhole(
      ServerWebExchange exchange, Route route, RequestAttempts attempts, AnswerShape shape) {
    return failover
        .run(route, attempts.whole())
        .next()
        .flatMap(
            answer ->
                attempts
                    .current()
                    .attempt()
                    .finish(UsageOutcome.SUCCESS, answer.usage(), answer.estimated())
                    .doOnNext(entry -> costHeader(exchange.getResponse(), entry))
                    .then(Mono.defer(() -> writeJson(exchange.getResponse(), shape.whole(answer)))))
        .onErrorMap(
            UpstreamException.class,
            failure -> failure.toClientError(attempts.current().target().provider()))
        .doOnCancel(
            () -> {
              RequestAttempts.Current current = attempts.current();
              if (current != null) {
                current
                    .attempt()
                    .finishDetached(
                        UsageOutcome.CLIENT_CANCELLED,
                        TokenUsage.of(estimator.promptTokens(current.call()), 0),
                        true);
              }
            });
  }

  private Mono<Void> stream(
      ServerWebExchange exchange, Route route, RequestAttempts attempts, AnswerShape shape) {
    StreamRelay relay = new StreamRelay(attempts, estimator, shape.stream());
    ServerHttpResponse response = exchange.getResponse();
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.TEXT_EVENT_STREAM);
    headers.setCacheControl("no-cache");
    // reverse proxies such as nginx must pass frames on as they come
    headers.set("X-Accel-Buffering", "no");
    // written as a plain flux, the server flushes whenever no next frame is waiting: a frame that
    // arrives alone leaves at once, a burst leaves in one write
    return response.writeWith(
        relay
            .frames(failover.run(route, attempts.streamed()))
            .map(frame -> response.bufferFactory().wrap(frame)));
  }

  private static void costHeader(ServerHttpResponse response, UsageRecorded entry) {
    if (entry.cost() != null) {
      response.getHeaders().set(COST_HEADER, entry.cost().toPlainString());
    }
  }

  private static Mono<Void> writeJson(ServerHttpResponse response, byte[] body) {
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  public static ApiException modelNotFound(String alias) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "invalid_request_error",
        "model_not_found",
        "model",
        "The model '" + alias + "' does not exist or you do not have access to it.");
  }
}
