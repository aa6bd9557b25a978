package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.edge.routing.Route;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLimitsTest {

  @Test
  void aRouteWithItsOwnMaximumKeepsIt() {
    assertThat(new OutputLimits(1_000).of(route(64))).isEqualTo(64);
  }

  @Test
  void aRouteWithoutOneGetsTheConfiguredDefault() {
    assertThat(new OutputLimits(1_000).of(route(null))).isEqualTo(1_000);
  }

  @Test
  void theDefaultMustBeAPossibleRouteMaximum() {
    assertThat(new OutputLimits(1).of(route(null))).isEqualTo(1);
    assertThat(new OutputLimits(RouteDefinition.MAX_OUTPUT_TOKENS_LIMIT).of(route(null)))
        .isEqualTo(RouteDefinition.MAX_OUTPUT_TOKENS_LIMIT);
    assertThatThrownBy(() -> new OutputLimits(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("llmproxy.budget.default-max-output-tokens must be between 1 and 10000000");
    assertThatThrownBy(() -> new OutputLimits(RouteDefinition.MAX_OUTPUT_TOKENS_LIMIT + 1L))
        .isInstanceOf(IllegalStateException.class);
  }

  private static Route route(Integer maxOutputTokens) {
    return new Route(
        "a",
        new RouteDefinition(
            List.of(Deployment.of("openai", "gpt-4o")), null, null, null, null, maxOutputTokens),
        0,
        null);
  }
}
