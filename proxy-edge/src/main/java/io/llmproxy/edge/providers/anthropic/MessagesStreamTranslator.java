package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.UpstreamException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of one Anthropic message stream as OpenAI {@code chat.completion.chunk}s, in order: a
 * role chunk at {@code message_start}; text deltas; for each tool_use block a chunk naming the call
 * (index, id, name) and then its argument fragments; at {@code message_stop} a chunk with the
 * finish reason and a {@code "choices":[]} chunk with the usage gathered from {@code message_start}
 * and {@code message_delta}. One instance per stream; not thread-safe, as the events of one stream
 * arrive in sequence.
 */
final class MessagesStreamTranslator {

  private final ObjectMapper json;
  private final long created;
  private final AnthropicUsage usage = new AnthropicUsage();

  /** Anthropic content block index → OpenAI tool call index, for tool_use blocks only. */
  private final Map<Integer, Integer> toolCalls = new HashMap<>();

  private String id = "";
  private String model;
  private String stopReason;
  private boolean finished;

  MessagesStreamTranslator(ObjectMapper json, String upstreamModel, long created) {
    this.json = json;
    this.model = upstreamModel;
    this.created = created;
  }

  /** Whether {@code message_stop} arrived: only then is the answer complete. */
  boolean finished() {
    return finished;
  }

  /**
   * The chunks one event becomes (often none). An {@code error} event fails with the status its
   * error type stands for, so it reaches the client like the same error before the stream.
   */
  List<ObjectNode> onEvent(String eventName, ObjectNode data) {
    if (finished) {
      return List.of();
    }
    String type = data.path("type").asText(eventName == null ? "" : eventName);
    List<ObjectNode> chunks = new ArrayList<>(2);
    switch (type) {
      case "message_start" -> {
        JsonNode message = data.path("message");
        id = message.path("id").asText(id);
        model = message.path("model").asText(model);
        usage.update(message.path("usage"));
        ObjectNode delta = json.createObjectNode().put("role", "assistant").put("content", "");
        chunks.add(chunk(delta, null));
      }
      case "content_block_start" -> blockStarted(data, chunks);
      case "content_block_delta" -> blockDelta(data, chunks);
      case "message_delta" -> {
        JsonNode reason = data.path("delta").path("stop_reason");
        if (reason.isTextual()) {
          stopReason = reason.asText();
        }
        usage.update(data.path("usage"));
      }
      case "message_stop" -> {
        finished = true;
        chunks.add(chunk(json.createObjectNode(), StopReasons.finishReason(stopReason)));
        if (usage.reported()) {
          ObjectNode usageChunk = header();
          usageChunk.putArray("choices");
          usage.writeTo(usageChunk.putObject("usage"));
          chunks.add(usageChunk);
        }
      }
      case "error" ->
          throw new UpstreamException(
              AnthropicErrorTypes.status(data.path("error").path("type").asText()),
              data,
              "reported an error mid-stream");
      default -> {
        // ping, content_block_stop, and event types newer than this translation
      }
    }
    return chunks;
  }

  private void blockStarted(ObjectNode data, List<ObjectNode> chunks) {
    JsonNode block = data.path("content_block");
    switch (block.path("type").asText()) {
      case "text" -> {
        String text = block.path("text").asText("");
        if (!text.isEmpty()) {
          chunks.add(chunk(json.createObjectNode().put("content", text), null));
        }
      }
      case "tool_use" -> {
        int toolIndex = toolCalls.size();
        toolCalls.put(data.path("index").asInt(), toolIndex);
        ObjectNode call = json.createObjectNode();
        call.put("index", toolIndex);
        call.put("id", block.path("id").asText());
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", block.path("name").asText());
        JsonNode input = block.path("input");
        // the input arrives as input_json_delta fragments; a start block normally carries {}
        function.put("arguments", input.isObject() && !input.isEmpty() ? input.toString() : "");
        chunks.add(toolChunk(call));
      }
      default -> {
        // thinking and server tool blocks have no place in OpenAI's chunks
      }
    }
  }

  private void blockDelta(ObjectNode data, List<ObjectNode> chunks) {
    JsonNode delta = data.path("delta");
    switch (delta.path("type").asText()) {
      case "text_delta" -> {
        String text = delta.path("text").asText("");
        if (!text.isEmpty()) {
          chunks.add(chunk(json.createObjectNode().put("content", text), null));
        }
      }
      case "input_json_delta" -> {
        Integer toolIndex = toolCalls.get(data.path("index").asInt());
        String fragment = delta.path("partial_json").asText("");
        if (toolIndex != null && !fragment.isEmpty()) {
          ObjectNode call = json.createObjectNode();
          call.put("index", toolIndex);
          call.putObject("function").put("arguments", fragment);
          chunks.add(toolChunk(call));
        }
      }
      default -> {
        // thinking, signature and citations deltas
      }
    }
  }

  private ObjectNode toolChunk(ObjectNode call) {
    ObjectNode delta = json.createObjectNode();
    delta.putArray("tool_calls").add(call);
    return chunk(delta, null);
  }

  private ObjectNode chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = header();
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return chunk;
  }

  private ObjectNode header() {
    ObjectNode chunk = json.createObjectNode();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    return chunk;
  }
}
