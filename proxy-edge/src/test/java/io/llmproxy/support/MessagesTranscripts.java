package io.llmproxy.support;

import static io.llmproxy.support.AnthropicUpstreamStub.ANSWER;
import static io.llmproxy.support.AnthropicUpstreamStub.ANSWER_PIECES;
import static io.llmproxy.support.AnthropicUpstreamStub.CACHE_READ;
import static io.llmproxy.support.AnthropicUpstreamStub.CACHE_WRITE;
import static io.llmproxy.support.AnthropicUpstreamStub.INPUT_TOKENS;
import static io.llmproxy.support.AnthropicUpstreamStub.OUTPUT_TOKENS;
import static io.llmproxy.support.AnthropicUpstreamStub.OVERLOADED_MESSAGE;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_ID;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_INPUT_FRAGMENTS;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_NAME;
import static io.llmproxy.support.AnthropicUpstreamStub.TOOL_TEXT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Anthropic stub answers, whole or as the event sequence of Anthropic's streaming
 * reference ({@code message_start}, blocks with their deltas, {@code message_delta}, {@code
 * message_stop}, a {@code ping} in between), for the markers of one request.
 */
final class MessagesTranscripts {

  /** One server-sent event: its name and its JSON data. */
  record Event(String name, ObjectNode data) {}

  /** What one answer holds, decided by the markers in the steering text. */
  record Scenario(String id, String model, String steering) {
    boolean tool() {
      return steering.contains("use-tool");
    }

    boolean cache() {
      return steering.contains("cache-hit");
    }

    String stopReason() {
      return tool() ? "tool_use" : steering.contains("max-tokens") ? "max_tokens" : "end_turn";
    }
  }

  private final ObjectMapper json;

  MessagesTranscripts(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode message(Scenario scenario) {
    ObjectNode message = header(scenario);
    ArrayNode content = message.putArray("content");
    content.addObject().put("type", "text").put("text", scenario.tool() ? TOOL_TEXT : ANSWER);
    if (scenario.tool()) {
      ObjectNode use = content.addObject();
      use.put("type", "tool_use").put("id", TOOL_ID).put("name", TOOL_NAME);
      use.putObject("input").put("city", "Paris").put("unit", "celsius");
    }
    message.put("stop_reason", scenario.stopReason());
    message.putNull("stop_sequence");
    message.set("usage", usage(scenario, OUTPUT_TOKENS));
    return message;
  }

  /**
   * The stream's events; with {@code stream-error} an error event follows the first text delta,
   * with {@code stream-cut} nothing does.
   */
  List<Event> events(Scenario scenario) {
    List<Event> events = new ArrayList<>();
    ObjectNode start = json.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message");
    message.setAll(header(scenario));
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", usage(scenario, 1));
    events.add(new Event("message_start", start));
    events.add(blockStart(0, json.createObjectNode().put("type", "text").put("text", "")));
    events.add(new Event("ping", json.createObjectNode().put("type", "ping")));
    List<String> pieces = scenario.tool() ? List.of(TOOL_TEXT) : ANSWER_PIECES;
    for (int i = 0; i < pieces.size(); i++) {
      events.add(blockDelta(0, "text_delta", "text", pieces.get(i)));
      if (i == 0 && scenario.steering().contains("stream-error")) {
        ObjectNode error = json.createObjectNode().put("type", "error");
        error.putObject("error").put("type", "overloaded_error").put("message", OVERLOADED_MESSAGE);
        events.add(new Event("error", error));
        return events;
      }
      if (i == 0 && scenario.steering().contains("stream-cut")) {
        return events;
      }
    }
    events.add(blockStop(0));
    if (scenario.tool()) {
      ObjectNode use = json.createObjectNode().put("type", "tool_use").put("id", TOOL_ID);
      use.put("name", TOOL_NAME).putObject("input");
      events.add(blockStart(1, use));
      for (String fragment : TOOL_INPUT_FRAGMENTS) {
        events.add(blockDelta(1, "input_json_delta", "partial_json", fragment));
      }
      events.add(blockStop(1));
    }
    ObjectNode delta = json.createObjectNode().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", scenario.stopReason()).putNull("stop_sequence");
    delta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
    events.add(new Event("message_delta", delta));
    events.add(new Event("message_stop", json.createObjectNode().put("type", "message_stop")));
    return events;
  }

  private ObjectNode header(Scenario scenario) {
    ObjectNode message = json.createObjectNode();
    message.put("id", scenario.id());
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", scenario.model());
    return message;
  }

  private ObjectNode usage(Scenario scenario, long output) {
    ObjectNode usage = json.createObjectNode();
    usage.put("input_tokens", INPUT_TOKENS);
    usage.put("cache_creation_input_tokens", scenario.cache() ? CACHE_WRITE : 0);
    usage.put("cache_read_input_tokens", scenario.cache() ? CACHE_READ : 0);
    usage.put("output_tokens", output);
    usage.put("service_tier", "standard");
    return usage;
  }

  private Event blockStart(int index, ObjectNode block) {
    ObjectNode start = json.createObjectNode().put("type", "content_block_start");
    start.put("index", index).set("content_block", block);
    return new Event("content_block_start", start);
  }

  private Event blockDelta(int index, String type, String field, String value) {
    ObjectNode event = json.createObjectNode().put("type", "content_block_delta");
    event.put("index", index).putObject("delta").put("type", type).put(field, value);
    return new Event("content_block_delta", event);
  }

  private Event blockStop(int index) {
    ObjectNode stop = json.createObjectNode().put("type", "content_block_stop").put("index", index);
    return new Event("content_block_stop", stop);
  }
}
