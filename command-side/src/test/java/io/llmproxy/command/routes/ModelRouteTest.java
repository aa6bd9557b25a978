package io.llmproxy.command.routes;

import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.ModelRouteRemoved;
import io.llmproxy.kernel.routing.RemoveModelRoute;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelRouteTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private AggregateTestFixture<ModelRoute> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ModelRoute.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void configuringANewAliasCreatesTheRoute() {
    fixture
        .givenNoPriorActivity()
        .when(new ConfigureModelRoute("gpt", "openai", "gpt-4o-mini"))
        .expectEvents(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW));
  }

  @Test
  void reconfiguringMovesTheAlias() {
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW))
        .when(new ConfigureModelRoute("gpt", "vllm", "llama-3"))
        .expectEvents(new ModelRouteConfigured("gpt", "vllm", "llama-3", NOW));
  }

  @Test
  void configuringTheSameTargetAgainIsIdempotent() {
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW))
        .when(new ConfigureModelRoute("gpt", "openai", "gpt-4o-mini"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aRouteNeedsAProviderAndAModel() {
    fixture
        .givenNoPriorActivity()
        .when(new ConfigureModelRoute("gpt", "openai", " "))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void removingAnActiveRoute() {
    fixture
        .given(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW))
        .when(new RemoveModelRoute("gpt"))
        .expectEvents(new ModelRouteRemoved("gpt", NOW));
  }

  @Test
  void removingARemovedRouteIsNotFound() {
    fixture
        .given(
            new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW),
            new ModelRouteRemoved("gpt", NOW))
        .when(new RemoveModelRoute("gpt"))
        .expectException(ModelRouteNotFoundException.class);
  }

  @Test
  void aRemovedAliasCanBeConfiguredAgain() {
    fixture
        .given(
            new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW),
            new ModelRouteRemoved("gpt", NOW))
        .when(new ConfigureModelRoute("gpt", "openai", "gpt-4o-mini"))
        .expectEvents(new ModelRouteConfigured("gpt", "openai", "gpt-4o-mini", NOW));
  }
}
