package io.llmproxy.edge.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.pricing.PriceCatalog;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.kernel.routing.Deployment;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The most a request can cost before it is sent: its prompt counted locally, plus every token it
 * may generate ({@code max_completion_tokens} or {@code max_tokens}, else a configured default,
 * times {@code n}), at the dearest price of any deployment it may reach, fallbacks included.
 */
@Component
public class CostCeiling {

  private final RouteTable routes;
  private final PriceCatalog prices;
  private final UsageEstimator estimator;
  private final Clock clock;
  private final long defaultMaxOutputTokens;

  CostCeiling(
      RouteTable routes,
      PriceCatalog prices,
      UsageEstimator estimator,
      Clock clock,
      @Value("${llmproxy.budget.default-max-output-tokens:4096}") long defaultMaxOutputTokens) {
    this.routes = routes;
    this.prices = prices;
    this.estimator = estimator;
    this.clock = clock;
    this.defaultMaxOutputTokens = defaultMaxOutputTokens;
  }

  public BigDecimal of(Route route, Operation operation, ObjectNode request) {
    List<Deployment> reachable = new ArrayList<>(route.definition().deployments());
    for (String alias : fallbacks(route)) {
      routes
          .find(alias)
          .ifPresent(fallback -> reachable.addAll(fallback.definition().deployments()));
    }
    long prompt =
        estimator.promptTokens(
            new ProviderCall(null, operation, reachable.get(0).model(), request));
    long output = operation == Operation.EMBEDDINGS ? 0 : maxOutput(request);
    Instant now = clock.instant();
    BigDecimal most = BigDecimal.ZERO;
    for (Deployment deployment : reachable) {
      BigDecimal cost =
          prices
              .priceAt(deployment.model(), now)
              .map(ModelPriceSet::price)
              .map(price -> price.maximumCostOf(prompt, output))
              .orElse(BigDecimal.ZERO);
      most = most.max(cost);
    }
    return most;
  }

  private static List<String> fallbacks(Route route) {
    List<String> aliases = new ArrayList<>(route.definition().fallbacks());
    aliases.addAll(route.definition().contextWindowFallbacks());
    return aliases;
  }

  private long maxOutput(ObjectNode request) {
    JsonNode limit = request.path("max_completion_tokens");
    if (!limit.canConvertToLong()) {
      limit = request.path("max_tokens");
    }
    long perChoice =
        limit.isIntegralNumber() && limit.canConvertToLong() && limit.asLong() > 0
            ? limit.asLong()
            : defaultMaxOutputTokens;
    JsonNode n = request.path("n");
    long choices = n.isIntegralNumber() && n.asLong() > 1 ? n.asLong() : 1;
    return perChoice * choices;
  }
}
