package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.pricing.PriceCatalog;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import io.llmproxy.edge.routing.RouteTables;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The most a request may cost, with the bundled prices (US dollars per million tokens: gpt-4o 2.50
 * in, 10 out; gpt-4o-mini 0.15 in, 0.60 out; claude-sonnet-4-5 3 in, 15 out, 3.75 cache write).
 * Prompts are token ids, whose count is theirs whatever the tokenizer: four prompt tokens.
 */
class CostCeilingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_MAX_OUTPUT = 1_000;

  private final Map<String, RouteDefinition> routes = new LinkedHashMap<>();

  @Test
  void isThePromptAtTheInputPriceAndTheOutputLimitAtTheOutputPrice() {
    routes.put("a", route(null, List.of(), List.of(), "gpt-4o"));

    // (4 × 2.50 + 100 × 10) / 1e6
    assertThat(ceiling("a", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4],\"max_tokens\":100}"))
        .isEqualByComparingTo("0.00101");
  }

  @Test
  void isTheDearestDeploymentOfTheRoute() {
    routes.put("a", route(null, List.of(), List.of(), "gpt-4o-mini", "gpt-4o", "no-such-model"));

    assertThat(ceiling("a", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4],\"max_tokens\":100}"))
        .isEqualByComparingTo("0.00101");
  }

  @Test
  void coversAFallbackThatIsDearerWithItsTokenizerMargin() {
    routes.put("a", route(null, List.of("b", "gone"), List.of(), "gpt-4o-mini"));
    routes.put("b", route(null, List.of(), List.of(), "claude-sonnet-4-5"));

    // claude: ⌈4 × 1.5⌉ = 6 prompt tokens at the dearest input price 3.75, 100 at 15
    assertThat(ceiling("a", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4],\"max_tokens\":100}"))
        .isEqualByComparingTo("0.0015225");
  }

  @Test
  void coversAContextWindowFallback() {
    routes.put("a", route(null, List.of(), List.of("b"), "gpt-4o-mini"));
    routes.put("b", route(null, List.of(), List.of(), "gpt-4o"));

    assertThat(ceiling("a", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4],\"max_tokens\":100}"))
        .isEqualByComparingTo("0.00101");
  }

  @Test
  void withoutALimitEachRouteIsReservedAtItsOwnMaximumOutput() {
    routes.put("a", route(50, List.of("b"), List.of(), "gpt-4o-mini"));
    routes.put("b", route(null, List.of(), List.of(), "gpt-4o"));

    // b: 4 × 2.50 + 1000 (the default) × 10; a alone: 4 × 0.15 + 50 × 0.60
    assertThat(ceiling("a", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4]}"))
        .isEqualByComparingTo("0.01001");
    assertThat(ceiling("b", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4],\"n\":2}"))
        .isEqualByComparingTo("0.02001");
    routes.put("c", route(50, List.of(), List.of(), "gpt-4o-mini"));
    assertThat(ceiling("c", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4]}"))
        .isEqualByComparingTo("0.0000306");
  }

  @Test
  void anEmbeddingGeneratesNothing() {
    routes.put("a", route(null, List.of(), List.of(), "gpt-4o"));

    assertThat(ceiling("a", Operation.EMBEDDINGS, "{\"input\":[1,2,3],\"max_tokens\":100}"))
        .isEqualByComparingTo("0.0000075");
  }

  @Test
  void anUnpricedRouteCostsNothing() {
    routes.put("a", route(null, List.of(), List.of(), "llama3.1:8b"));

    assertThat(ceiling("a", Operation.COMPLETIONS, "{\"prompt\":[1,2,3,4],\"max_tokens\":100}"))
        .isEqualByComparingTo("0");
  }

  private BigDecimal ceiling(String alias, Operation operation, String request) {
    RouteTable table = RouteTables.of(routes);
    CostCeiling ceiling =
        new CostCeiling(
            table,
            new PriceCatalog(),
            new UsageEstimator(new TokenCounter()),
            new OutputLimits(DEFAULT_MAX_OUTPUT),
            Clock.fixed(Instant.parse("2026-03-04T15:00:00Z"), ZoneOffset.UTC));
    try {
      Route route = table.find(alias).orElseThrow();
      return ceiling.of(route, operation, (ObjectNode) JSON.readTree(request));
    } catch (IOException e) {
      throw new IllegalArgumentException(request, e);
    }
  }

  private static RouteDefinition route(
      Integer maxOutput, List<String> fallbacks, List<String> contextFallbacks, String... models) {
    return new RouteDefinition(
        Arrays.stream(models).map(model -> Deployment.of("p", model)).toList(),
        fallbacks,
        contextFallbacks,
        null,
        null,
        maxOutput);
  }
}
