package io.llmproxy.edge.frontdoor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.support.GoldenFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

/** OpenAI chunks as Anthropic's SSE event sequence. */
class AnthropicFrontDoorStreamTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EVENT = Pattern.compile("event: ([a-z_]+)\ndata: (\\{.*})\n\n");

  static Stream<Arguments> golden() {
    return GoldenFiles.cases("golden/anthropic/frontdoor/stream");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void writesTheEventsTheGoldenFileSays(String file, JsonNode golden)
      throws JsonProcessingException {
    MessagesStreamWriter writer =
        new MessagesStreamWriter(
            JSON, golden.path("model").asText(), golden.path("estimatedInputTokens").asLong());
    List<String> frames = new ArrayList<>();
    for (JsonNode chunk : golden.path("chunks")) {
      frames.addAll(writer.accept(StreamChunk.of(chunk.toString(), (ObjectNode) chunk)));
    }
    frames.addAll(writer.finish(JSON.treeToValue(golden.path("usage"), TokenUsage.class)));

    assertThat(parse(frames)).containsExactlyElementsOf(golden.path("events"));
  }

  @Test
  void finishingWithoutAnyChunkStillWritesACompleteMessage() {
    MessagesStreamWriter writer = new MessagesStreamWriter(JSON, "claude", 3);
    List<JsonNode> events = parse(writer.finish(TokenUsage.of(3, 0)));
    assertThat(events)
        .extracting(event -> event.path("event").asText())
        .containsExactly("message_start", "message_delta", "message_stop");
    assertThat(events.get(0).path("data").path("message").path("id").asText()).startsWith("msg_");
  }

  @Test
  void argumentsForAToolCallThatWasClosedFailTheStream() {
    MessagesStreamWriter writer = new MessagesStreamWriter(JSON, "claude", 3);
    writer.accept(
        chunk(
            "{'id':'c','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'id':'a','function':{'name':'f','arguments':'{'}}]}}]}"));
    writer.accept(
        chunk(
            "{'id':'c','choices':[{'index':0,'delta':{'tool_calls':[{'index':1,'id':'b','function':{'name':'g','arguments':'{}'}}]}}]}"));

    assertThatThrownBy(
            () ->
                writer.accept(
                    chunk(
                        "{'id':'c','choices':[{'index':0,'delta':{'tool_calls':[{'index':0,'function':{'arguments':'}'}}]}}]}")))
        .isInstanceOf(UpstreamException.class);
  }

  @Test
  void otherChoicesThanTheFirstAreIgnored() {
    MessagesStreamWriter writer = new MessagesStreamWriter(JSON, "claude", 3);
    List<JsonNode> events =
        parse(
            writer.accept(chunk("{'id':'c','choices':[{'index':1,'delta':{'content':'other'}}]}")));
    assertThat(events).extracting(e -> e.path("event").asText()).containsExactly("message_start");
  }

  @Test
  void anErrorEventHasAnthropicsShape() {
    MessagesStreamWriter writer = new MessagesStreamWriter(JSON, "claude", 3);
    String frame =
        writer.error(
            new ApiException(
                HttpStatus.BAD_GATEWAY, "api_error", "upstream_error", null, "Provider failed."));
    JsonNode event = parse(List.of(frame)).get(0);
    assertThat(event.path("event").asText()).isEqualTo("error");
    assertThat(event.path("data"))
        .isEqualTo(
            JSON.createObjectNode()
                .put("type", "error")
                .set(
                    "error",
                    JSON.createObjectNode()
                        .put("type", "api_error")
                        .put("message", "Provider failed.")));
  }

  /** Each frame must be exactly one SSE event with one data line of JSON. */
  private static List<JsonNode> parse(List<String> frames) {
    List<JsonNode> events = new ArrayList<>();
    for (String frame : frames) {
      Matcher matcher = EVENT.matcher(frame);
      assertThat(matcher.matches()).as("SSE frame %s", frame).isTrue();
      try {
        JsonNode data = JSON.readTree(matcher.group(2));
        assertThat(data.path("type").asText()).isEqualTo(matcher.group(1));
        ObjectNode event = JSON.createObjectNode().put("event", matcher.group(1));
        event.set("data", data);
        events.add(event);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + frame, e);
      }
    }
    return events;
  }

  private static StreamChunk chunk(String singleQuoted) {
    try {
      String text = singleQuoted.replace('\'', '"');
      return StreamChunk.of(text, (ObjectNode) JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
