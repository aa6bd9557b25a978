package io.llmproxy.edge.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.OpenAiUsage;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.support.GoldenFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole Anthropic messages as OpenAI chat completions. */
class AnthropicResponseTranslationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CREATED = 1_700_000_000L;

  private final MessagesToChat translation = new MessagesToChat(JSON);

  static Stream<Arguments> golden() {
    return GoldenFiles.cases("golden/anthropic/provider/response");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void translatesAsTheGoldenFileSays(String file, JsonNode golden) {
    ObjectNode translated =
        translation.translate((ObjectNode) golden.path("anthropic"), "claude-sonnet-4-5", CREATED);
    assertThat(GoldenFiles.asSent(translated)).isEqualTo(golden.path("openai"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void theTranslatedUsageReadsBackAsTheSameTokenUsage(String file, JsonNode golden) {
    JsonNode usage = golden.path("anthropic").path("usage");
    long input = usage.path("input_tokens").asLong();
    long read = usage.path("cache_read_input_tokens").asLong(0);
    long written = usage.path("cache_creation_input_tokens").asLong(0);
    long output = usage.path("output_tokens").asLong();
    long prompt = input + read + written;

    assertThat(OpenAiUsage.in(golden.path("openai")))
        .contains(new TokenUsage(prompt, output, prompt + output, read, written));
  }

  @Test
  void aMessageWithoutContentIsAnUnusableAnswer() throws Exception {
    ObjectNode message = (ObjectNode) JSON.readTree("{\"type\":\"message\",\"id\":\"msg_x\"}");
    assertThatThrownBy(() -> translation.translate(message, "claude-sonnet-4-5", CREATED))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.upstreamStatus()).isZero());
  }
}
