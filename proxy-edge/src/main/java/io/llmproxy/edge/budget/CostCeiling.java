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
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The most a request can cost before it is sent, on every deployment it may reach, fallbacks
 * included, at the dearest of them: its prompt as that deployment's model counts it (tools, schemas
 * and media included; with {@link ForeignTokenizerMargin} for models that are not OpenAI's), plus
 * every token it may generate — its output limit ({@code max_completion_tokens} or {@code
 * max_tokens}, else the route's maximum output) times its choices ({@code n}, {@code best_of}, and
 * the prompts of a batched completion). The arithmetic is exact: a client's numbers cannot wrap it
 * around to a small or negative reservation.
 */
@Component
public class CostCeiling {

  private final RouteTable routes;
  private final PriceCatalog prices;
  private final UsageEstimator estimator;
  private final OutputLimits outputLimits;
  private final Clock clock;

  CostCeiling(
      RouteTable routes,
      PriceCatalog prices,
      UsageEstimator estimator,
      OutputLimits outputLimits,
      Clock clock) {
    this.routes = routes;
    this.prices = prices;
    this.estimator = estimator;
    this.outputLimits = outputLimits;
    this.clock = clock;
  }

  public BigDecimal of(Route route, Operation operation, ObjectNode request) {
    List<Route> reachable = new ArrayList<>();
    reachable.add(route);
    for (String alias : fallbacks(route)) {
      routes.find(alias).ifPresent(reachable::add);
    }
    Map<String, BigInteger> promptByModel = new HashMap<>();
    Instant now = clock.instant();
    BigDecimal most = BigDecimal.ZERO;
    for (Route target : reachable) {
      BigInteger output =
          operation == Operation.EMBEDDINGS
              ? BigInteger.ZERO
              : OutputTokens.most(request, outputLimits.of(target));
      for (Deployment deployment : target.definition().deployments()) {
        BigInteger prompt =
            promptByModel.computeIfAbsent(
                deployment.model(),
                model ->
                    ForeignTokenizerMargin.applied(
                        model,
                        estimator.promptTokens(new ProviderCall(null, operation, model, request))));
        BigDecimal cost =
            prices
                .priceAt(deployment.model(), now)
                .map(ModelPriceSet::price)
                .map(price -> price.maximumCostOf(prompt, output))
                .orElse(BigDecimal.ZERO);
        most = most.max(cost);
      }
    }
    return most;
  }

  private static List<String> fallbacks(Route route) {
    List<String> aliases = new ArrayList<>(route.definition().fallbacks());
    aliases.addAll(route.definition().contextWindowFallbacks());
    return aliases;
  }

  /** The output side of the ceiling, from an OpenAI-shaped request. */
  static final class OutputTokens {

    private OutputTokens() {}

    static BigInteger most(JsonNode request, long routeMaximum) {
      return perChoice(request, routeMaximum).multiply(choices(request));
    }

    /** The larger of the two limits a client may set, or the route's maximum if it set none. */
    private static BigInteger perChoice(JsonNode request, long routeMaximum) {
      BigInteger limit = null;
      for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
        JsonNode value = request.path(field);
        if (value.isIntegralNumber()) {
          BigInteger given = value.bigIntegerValue().max(BigInteger.ZERO);
          limit = limit == null ? given : limit.max(given);
        }
      }
      return limit != null ? limit : BigInteger.valueOf(routeMaximum);
    }

    /**
     * {@code n} (or {@code best_of}, which a completion generates and bills in full) for each
     * prompt of a completion batch.
     */
    private static BigInteger choices(JsonNode request) {
      BigInteger perPrompt = atLeastOne(request.path("n")).max(atLeastOne(request.path("best_of")));
      return perPrompt.multiply(BigInteger.valueOf(prompts(request.path("prompt"))));
    }

    private static BigInteger atLeastOne(JsonNode count) {
      return count.isIntegralNumber()
          ? count.bigIntegerValue().max(BigInteger.ONE)
          : BigInteger.ONE;
    }

    private static long prompts(JsonNode prompt) {
      if (!prompt.isArray() || prompt.isEmpty() || prompt.get(0).isIntegralNumber()) {
        return 1;
      }
      return prompt.size();
    }
  }
}
