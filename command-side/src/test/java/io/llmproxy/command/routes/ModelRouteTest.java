package io.llmproxy.command.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import io.llmproxy.kernel.routing.RemoveModelRoute;
import io.llmproxy.kernel.routing.RetryPolicy;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelRouteTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private AggregateTestFixture<ModelRoute> fixture;

  private static RouteDefinition single(String provider, String model) {
    return RouteDefinition.single(provider, model);
  }

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ModelRoute.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void configuringANewAliasCreatesTheRoute() {
    fixture
        .givenNoPriorActivity()
        .when(new ConfigureModelRoute("gpt", single("openai", "gpt-4o-mini")))
        .expectEvents(new ModelRouteConfigured("gpt", single("openai", "gpt-4o-mini"), NOW));
  }

  @Test
  void reconfiguringMovesTheAlias() {
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null))
        .when(new ConfigureModelRoute("gpt", single("vllm", "llama-3")))
        .expectEvents(new ModelRouteConfigured("gpt", single("vllm", "llama-3"), NOW));
  }

  @Test
  void configuringTheSameTargetAgainIsIdempotent() {
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null))
        .when(new ConfigureModelRoute("gpt", single("openai", "gpt-4o-mini")))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aRouteNeedsAProviderAndAModelPerDeployment() {
    assertThatThrownBy(() -> single("openai", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Deployment("openai", "m", 0, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RouteDefinition(List.of(), null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(0, 1, 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRouteCarriesWeightedDeploymentsFallbacksAndItsRetryPolicy() {
    var route =
        new RouteDefinition(
            List.of(
                new Deployment("openai", "gpt-4o", 3, new RateLimits(100L, null)),
                Deployment.of("azure", "gpt-4o-eu")),
            List.of("cheap"),
            List.of("long-context"),
            new RetryPolicy(3, 100, 2_000, 30_000),
            15_000L);
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null))
        .when(new ConfigureModelRoute("gpt", route))
        .expectEvents(new ModelRouteConfigured("gpt", route, NOW));
  }

  @Test
  void anAliasCannotFallBackToItself() {
    fixture
        .givenNoPriorActivity()
        .when(
            new ConfigureModelRoute(
                "gpt",
                new RouteDefinition(
                    List.of(Deployment.of("openai", "m")), List.of("gpt"), null, null, null)))
        .expectException(IllegalArgumentException.class);
  }

  @Test
  void anEventOfTheSingleDeploymentShapeReadsAsOneDeployment() {
    assertThat(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null).route())
        .isEqualTo(single("openai", "gpt-4o-mini"));
  }

  @Test
  void removingAnActiveRoute() {
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null))
        .when(new RemoveModelRoute("gpt"))
        .expectEvents(new ModelRouteRemoved("gpt", NOW));
  }

  @Test
  void removingARemovedRouteIsNotFound() {
    fixture
        .given(
            new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null),
            new ModelRouteRemoved("gpt", NOW))
        .when(new RemoveModelRoute("gpt"))
        .expectException(ModelRouteNotFoundException.class);
  }

  @Test
  void aRemovedAliasCanBeConfiguredAgain() {
    fixture
        .given(
            new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW, null),
            new ModelRouteRemoved("gpt", NOW))
        .when(new ConfigureModelRoute("gpt", single("openai", "gpt-4o-mini")))
        .expectEvents(new ModelRouteConfigured("gpt", single("openai", "gpt-4o-mini"), NOW));
  }

  @Test
  void changingOnlyTheMaximumOutputReconfiguresTheRoute() {
    RouteDefinition capped =
        new RouteDefinition(
            List.of(Deployment.of("openai", "gpt-4o")), null, null, null, null, 16_384);
    fixture
        .given(new ModelRouteConfigured("gpt", single("openai", "gpt-4o"), NOW))
        .when(new ConfigureModelRoute("gpt", capped))
        .expectEvents(new ModelRouteConfigured("gpt", capped, NOW));
  }

  @Test
  void theMaximumOutputIsPositiveAndBounded() {
    for (int bad : new int[] {0, -1, RouteDefinition.MAX_OUTPUT_TOKENS_LIMIT + 1}) {
      assertThatThrownBy(
              () ->
                  new RouteDefinition(
                      List.of(Deployment.of("openai", "m")), null, null, null, null, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("max_output_tokens");
    }
    assertThat(
            new RouteDefinition(List.of(Deployment.of("openai", "m")), null, null, null, null, 1)
                .maxOutputTokens())
        .isEqualTo(1);
    assertThat(single("openai", "m").maxOutputTokens()).as("the proxy's default").isNull();
  }
}
