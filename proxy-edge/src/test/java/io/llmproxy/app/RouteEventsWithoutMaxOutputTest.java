package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.ModelRouteConfigured;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

/**
 * Routes stored before they had a maximum output still load, with the proxy's default (null), and
 * routes that have one keep it through the event store's serializer.
 */
class RouteEventsWithoutMaxOutputTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private final Serializer serializer = EventSerializationConfiguration.eventJsonSerializer();

  @Test
  void anEventStoredBeforeTheFieldExistedLoadsWithTheDefault() throws Exception {
    var event = new ModelRouteConfigured("gpt", RouteDefinition.single("openai", "gpt-4o"), AT);
    ObjectNode stored =
        (ObjectNode)
            new ObjectMapper().readTree(serializer.serialize(event, byte[].class).getData());
    ((ObjectNode) stored.path("definition")).remove("maxOutputTokens");
    assertThat(stored.toString()).doesNotContain("maxOutputTokens");

    ModelRouteConfigured loaded = deserialize(stored.toString());
    assertThat(loaded.route().maxOutputTokens()).isNull();
    assertThat(loaded.route()).isEqualTo(event.route());
  }

  @Test
  void aMaximumOutputSurvivesTheEventStore() {
    var definition =
        new RouteDefinition(
            List.of(Deployment.of("openai", "gpt-4o")), null, null, null, null, 16_384);
    var event = new ModelRouteConfigured("gpt", definition, AT);
    String json =
        new String(serializer.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8);
    assertThat(deserialize(json).route().maxOutputTokens()).isEqualTo(16_384);
  }

  private ModelRouteConfigured deserialize(String json) {
    return serializer.deserialize(
        new SimpleSerializedObject<>(
            json.getBytes(StandardCharsets.UTF_8),
            byte[].class,
            serializer.typeForClass(ModelRouteConfigured.class)));
  }
}
