package io.llmproxy.edge.frontdoor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.support.GoldenFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OpenAI chat completions as the Anthropic messages the front door answers with. */
class AnthropicFrontDoorResponseTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MessagesResponses responses = new MessagesResponses(JSON);

  static Stream<Arguments> golden() {
    return GoldenFiles.cases("golden/anthropic/frontdoor/response");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void translatesAsTheGoldenFileSays(String file, JsonNode golden) throws JsonProcessingException {
    TokenUsage usage = JSON.treeToValue(golden.path("usage"), TokenUsage.class);
    JsonNode message =
        responses.toMessage(golden.path("openai"), usage, golden.path("model").asText());
    assertThat(GoldenFiles.asSent(message)).isEqualTo(golden.path("anthropic"));
  }

  @Test
  void messageIdsAlwaysLookLikeAnthropics() {
    assertThat(MessagesResponses.messageId("chatcmpl-abc123")).isEqualTo("msg_abc123");
    assertThat(MessagesResponses.messageId("msg_keep")).isEqualTo("msg_keep");
    assertThat(MessagesResponses.messageId("")).matches("msg_[0-9a-f]{32}");
  }
}
