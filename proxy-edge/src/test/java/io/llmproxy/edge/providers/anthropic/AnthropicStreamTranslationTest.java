package io.llmproxy.edge.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.support.GoldenFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

/** Anthropic stream events as OpenAI chunks. */
class AnthropicStreamTranslationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CREATED = 1_700_000_000L;

  static Stream<Arguments> golden() {
    return GoldenFiles.cases("golden/anthropic/provider/stream");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void translatesAsTheGoldenFileSays(String file, JsonNode golden) {
    MessagesStreamTranslator translator = translator();
    List<JsonNode> chunks = new ArrayList<>();
    for (JsonNode event : golden.path("events")) {
      assertThat(translator.finished()).as("finished before message_stop").isFalse();
      chunks.addAll(
          translator.onEvent(event.path("event").asText(), (ObjectNode) event.path("data")));
    }
    assertThat(translator.finished()).isTrue();
    assertThat(GoldenFiles.asSent(chunks)).containsExactlyElementsOf(golden.path("chunks"));
  }

  @Test
  void anErrorEventFailsWithTheStatusOfItsErrorType() {
    MessagesStreamTranslator translator = translator();
    translator.onEvent("message_start", event("{'type':'message_start','message':{'id':'m'}}"));

    assertThatThrownBy(
            () ->
                translator.onEvent(
                    "error",
                    event(
                        "{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}")))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.upstreamStatus()).isEqualTo(529);
              assertThat(e.toClientError("claude").status()).isEqualTo(HttpStatus.BAD_GATEWAY);
            });
    assertThatThrownBy(
            () ->
                translator.onEvent(
                    "error",
                    event(
                        "{'type':'error','error':{'type':'invalid_request_error','message':'prompt is too long'}}")))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              ApiException client = e.toClientError("claude");
              assertThat(client.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(client.getMessage()).isEqualTo("prompt is too long");
            });
  }

  @Test
  void eventsAfterMessageStopAreIgnoredAndAStreamWithoutItIsUnfinished() {
    MessagesStreamTranslator translator = translator();
    translator.onEvent("message_start", event("{'type':'message_start','message':{'id':'m'}}"));
    translator.onEvent(
        "content_block_delta",
        event("{'type':'content_block_delta','index':0,'delta':{'type':'text_delta','text':'a'}}"));
    assertThat(translator.finished()).isFalse();

    translator.onEvent("message_stop", event("{'type':'message_stop'}"));
    assertThat(
            translator.onEvent(
                "content_block_delta",
                event(
                    "{'type':'content_block_delta','index':0,'delta':{'type':'text_delta','text':'b'}}")))
        .isEmpty();
  }

  @Test
  void withoutReportedUsageNoUsageChunkIsInvented() {
    MessagesStreamTranslator translator = translator();
    translator.onEvent("message_start", event("{'type':'message_start','message':{'id':'m'}}"));
    List<ObjectNode> last = translator.onEvent("message_stop", event("{'type':'message_stop'}"));
    assertThat(last).hasSize(1);
    assertThat(last.get(0).path("choices").path(0).path("finish_reason").asText())
        .isEqualTo("stop");
  }

  private static MessagesStreamTranslator translator() {
    return new MessagesStreamTranslator(JSON, "claude-sonnet-4-5", CREATED);
  }

  private static ObjectNode event(String singleQuoted) {
    try {
      return (ObjectNode) JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
