package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the OpenAI chunks of one streamed answer into Anthropic's event sequence, each event as the
 * SSE text {@code event: <type>\ndata: <json>\n\n}: {@code message_start}, per content block a
 * {@code content_block_start}, its deltas ({@code text_delta}, or {@code input_json_delta} for a
 * tool call) and {@code content_block_stop}, then {@code message_delta} with the stop reason and
 * usage, and {@code message_stop}. One instance per stream; chunks are fed in order.
 *
 * <p>Anthropic blocks cannot interleave, so a tool call's arguments must arrive before the next
 * call or text starts, as OpenAI streams them; a fragment for an already closed call fails the
 * stream rather than corrupting the tool input.
 */
public final class MessagesStreamWriter {

  private final ObjectMapper json;
  private final String model;
  private final long estimatedInputTokens;

  /** OpenAI tool call index → Anthropic content block index. */
  private final Map<Integer, Integer> toolBlocks = new HashMap<>();

  private String messageId;
  private boolean started;
  private int nextBlock;
  private int openBlock = -1;
  private boolean openIsText;
  private String finishReason;

  /**
   * @param model the model name the client asked for
   * @param estimatedInputTokens what {@code message_start} reports as input before the provider's
   *     figures arrive with the last chunk; {@link #finish} reports the real count
   */
  public MessagesStreamWriter(ObjectMapper json, String model, long estimatedInputTokens) {
    this.json = json;
    this.model = model;
    this.estimatedInputTokens = estimatedInputTokens;
  }

  /**
   * The events one chunk becomes; usage-only chunks become none (usage goes to {@link #finish}).
   */
  public List<String> accept(StreamChunk chunk) {
    List<String> events = new ArrayList<>(3);
    start(chunk.json().path("id").asText(""), events);
    for (JsonNode choice : chunk.json().path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue;
      }
      JsonNode delta = choice.path("delta");
      text(delta.path("content"), events);
      text(delta.path("refusal"), events);
      for (JsonNode call : delta.path("tool_calls")) {
        toolCall(call, events);
      }
      if (choice.path("finish_reason").isTextual()) {
        finishReason = choice.path("finish_reason").asText();
      }
    }
    return events;
  }

  /** The closing events, reporting {@code usage} as the message's final usage. */
  public List<String> finish(TokenUsage usage) {
    List<String> events = new ArrayList<>(4);
    start("", events);
    closeBlock(events);
    ObjectNode delta = json.createObjectNode();
    delta.put("type", "message_delta");
    ObjectNode stop = delta.putObject("delta");
    stop.put("stop_reason", StopReasons.stopReason(finishReason));
    stop.putNull("stop_sequence");
    delta.set("usage", MessagesResponses.usage(json, usage));
    events.add(event("message_delta", delta));
    events.add(event("message_stop", json.createObjectNode().put("type", "message_stop")));
    return events;
  }

  /** The {@code error} event that ends a stream which failed after it started. */
  public String error(ApiException error) {
    return event("error", json.valueToTree(AnthropicErrors.of(error, null)));
  }

  private void start(String openAiId, List<String> events) {
    if (started) {
      return;
    }
    started = true;
    messageId = MessagesResponses.messageId(openAiId);
    ObjectNode start = json.createObjectNode();
    start.put("type", "message_start");
    ObjectNode message = start.putObject("message");
    message.put("id", messageId);
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", model);
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", MessagesResponses.usage(json, new TokenUsage(estimatedInputTokens, 0, 0)));
    events.add(event("message_start", start));
  }

  private void text(JsonNode text, List<String> events) {
    if (!text.isTextual() || text.asText().isEmpty()) {
      return;
    }
    if (openBlock < 0 || !openIsText) {
      closeBlock(events);
      ObjectNode block = json.createObjectNode().put("type", "text").put("text", "");
      openBlock(block, true, events);
    }
    ObjectNode delta = json.createObjectNode().put("type", "text_delta");
    delta.put("text", text.asText());
    events.add(blockDelta(delta));
  }

  private void toolCall(JsonNode call, List<String> events) {
    int index = call.path("index").asInt(0);
    JsonNode function = call.path("function");
    if (!toolBlocks.containsKey(index)) {
      closeBlock(events);
      ObjectNode block = json.createObjectNode();
      block.put("type", "tool_use");
      block.put("id", call.path("id").asText("toolu_" + messageId + "_" + index));
      block.put("name", function.path("name").asText(""));
      block.putObject("input");
      toolBlocks.put(index, nextBlock);
      openBlock(block, false, events);
    }
    String fragment = function.path("arguments").asText("");
    if (fragment.isEmpty()) {
      return;
    }
    if (toolBlocks.get(index) != openBlock) {
      throw UpstreamException.malformed(
          "arguments of tool call " + index + " continued after another block had started");
    }
    ObjectNode delta = json.createObjectNode().put("type", "input_json_delta");
    delta.put("partial_json", fragment);
    events.add(blockDelta(delta));
  }

  private void openBlock(ObjectNode block, boolean text, List<String> events) {
    openBlock = nextBlock++;
    openIsText = text;
    ObjectNode start = json.createObjectNode();
    start.put("type", "content_block_start");
    start.put("index", openBlock);
    start.set("content_block", block);
    events.add(event("content_block_start", start));
  }

  private void closeBlock(List<String> events) {
    if (openBlock < 0) {
      return;
    }
    ObjectNode stop = json.createObjectNode().put("type", "content_block_stop");
    stop.put("index", openBlock);
    events.add(event("content_block_stop", stop));
    openBlock = -1;
  }

  private String blockDelta(ObjectNode delta) {
    ObjectNode event = json.createObjectNode().put("type", "content_block_delta");
    event.put("index", openBlock);
    event.set("delta", delta);
    return event("content_block_delta", event);
  }

  private String event(String type, JsonNode data) {
    try {
      return "event: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event could not be written", e);
    }
  }
}
