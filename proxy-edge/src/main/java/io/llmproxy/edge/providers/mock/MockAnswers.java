package io.llmproxy.edge.providers.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.tokens.TokenCounter;
import io.llmproxy.kernel.usage.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/** The mock provider's answers in OpenAI's exact shapes, whole and as stream chunks. */
final class MockAnswers {

  private static final int ECHO_LIMIT = 200;
  private static final int DEFAULT_DIMENSIONS = 16;
  private static final int MAX_DIMENSIONS = 4096;

  private final ObjectMapper json;
  private final TokenCounter tokens;
  private final Clock clock;

  record Answer(ObjectNode body, TokenUsage usage) {}

  /** What the mock generates for one request: per choice the same text. */
  private record Reply(String text, String finishReason, int choices, TokenUsage usage) {}

  MockAnswers(ObjectMapper json, TokenCounter tokens, Clock clock) {
    this.json = json;
    this.tokens = tokens;
    this.clock = clock;
  }

  Answer answer(ProviderCall call) {
    if (call.operation() == Operation.EMBEDDINGS) {
      return embeddings(call);
    }
    Reply reply = reply(call);
    boolean chat = call.operation() == Operation.CHAT_COMPLETIONS;
    ObjectNode body = header(call, chat ? "chat.completion" : "text_completion");
    ArrayNode choices = body.putArray("choices");
    for (int index = 0; index < reply.choices(); index++) {
      ObjectNode choice = choices.addObject();
      choice.put("index", index);
      if (chat) {
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", reply.text());
        message.putNull("refusal");
      } else {
        choice.put("text", reply.text());
      }
      choice.putNull("logprobs");
      choice.put("finish_reason", reply.finishReason());
    }
    putUsage(body, reply.usage());
    return new Answer(body, reply.usage());
  }

  List<ObjectNode> chunks(ProviderCall call) {
    Reply reply = reply(call);
    boolean chat = call.operation() == Operation.CHAT_COMPLETIONS;
    String object = chat ? "chat.completion.chunk" : "text_completion";
    List<ObjectNode> chunks = new ArrayList<>();
    List<String> pieces = pieces(reply.text());
    for (int index = 0; index < reply.choices(); index++) {
      if (chat) {
        chunks.add(chunk(call, object, index, "", true, null));
      }
      for (String piece : pieces) {
        chunks.add(chunk(call, object, index, piece, false, null));
      }
      chunks.add(chunk(call, object, index, chat ? null : "", false, reply.finishReason()));
    }
    ObjectNode usageChunk = header(call, object);
    usageChunk.putArray("choices");
    putUsage(usageChunk, reply.usage());
    chunks.add(usageChunk);
    return chunks;
  }

  private ObjectNode chunk(
      ProviderCall call, String object, int index, String text, boolean role, String finish) {
    ObjectNode chunk = header(call, object);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", index);
    if ("text_completion".equals(object)) {
      choice.put("text", text);
    } else {
      ObjectNode delta = choice.putObject("delta");
      if (role) {
        delta.put("role", "assistant");
      }
      if (text != null) {
        delta.put("content", text);
      }
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finish);
    return chunk;
  }

  private Reply reply(ProviderCall call) {
    String model = call.upstreamModel();
    JsonNode request = call.request();
    boolean chat = call.operation() == Operation.CHAT_COMPLETIONS;
    int choices = Math.max(1, request.path("n").asInt(1));
    String said =
        chat ? lastUserText(request.path("messages")) : TokenCounter.text(request.path("prompt"));
    String text = "Mock reply from " + model + ". You said: " + clip(said);
    String finishReason = "stop";
    int maxTokens = maxTokens(request);
    if (maxTokens > 0 && tokens.count(model, text) > maxTokens) {
      text = tokens.truncate(model, text, maxTokens);
      finishReason = "length";
    }
    long prompt =
        chat
            ? tokens.countPrompt(model, request.path("messages"))
            : tokens.count(model, TokenCounter.text(request.path("prompt")));
    long completion = tokens.count(model, text) * choices;
    return new Reply(text, finishReason, choices, TokenUsage.of(prompt, completion));
  }

  private Answer embeddings(ProviderCall call) {
    JsonNode input = call.request().path("input");
    List<String> inputs = new ArrayList<>();
    if (input.isArray()) {
      input.forEach(item -> inputs.add(item.isTextual() ? item.asText() : item.toString()));
    } else {
      inputs.add(input.asText());
    }
    int dimensions =
        Math.min(
            MAX_DIMENSIONS,
            Math.max(1, call.request().path("dimensions").asInt(DEFAULT_DIMENSIONS)));
    boolean base64 = "base64".equals(call.request().path("encoding_format").asText());
    ObjectNode body = json.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    long promptTokens = 0;
    for (int index = 0; index < inputs.size(); index++) {
      float[] vector = vector(inputs.get(index), dimensions);
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", index);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
          bytes.putFloat(value);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
      promptTokens += tokens.count(call.upstreamModel(), inputs.get(index));
    }
    body.put("model", call.upstreamModel());
    TokenUsage usage = new TokenUsage(promptTokens, 0, promptTokens);
    ObjectNode usageNode = body.putObject("usage");
    usageNode.put("prompt_tokens", promptTokens);
    usageNode.put("total_tokens", promptTokens);
    return new Answer(body, usage);
  }

  /** A unit vector that depends only on the text, so equal inputs embed equally. */
  private static float[] vector(String text, int dimensions) {
    Random random = new Random(text.hashCode());
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) random.nextGaussian();
      norm += vector[i] * vector[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    return vector;
  }

  private ObjectNode header(ProviderCall call, String object) {
    ObjectNode body = json.createObjectNode();
    String prefix = call.operation() == Operation.CHAT_COMPLETIONS ? "chatcmpl-" : "cmpl-";
    body.put("id", prefix + call.requestId());
    body.put("object", object);
    body.put("created", clock.instant().getEpochSecond());
    body.put("model", call.upstreamModel());
    body.put("system_fingerprint", "fp_llmproxy_mock");
    return body;
  }

  private static void putUsage(ObjectNode body, TokenUsage usage) {
    ObjectNode node = body.putObject("usage");
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
  }

  /** The reply cut into word-sized deltas, as a model streams them. */
  private static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        pieces.add(text.substring(start, i));
        start = i;
      }
    }
    return pieces;
  }

  private static int maxTokens(JsonNode request) {
    JsonNode limit = request.path("max_completion_tokens");
    if (!limit.isInt()) {
      limit = request.path("max_tokens");
    }
    return limit.isInt() ? limit.asInt() : 0;
  }

  private static String lastUserText(JsonNode messages) {
    String last = "";
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asText())) {
        last = TokenCounter.text(message.path("content"));
      }
    }
    return last;
  }

  private static String clip(String text) {
    String clipped = text.strip();
    return clipped.length() > ECHO_LIMIT ? clipped.substring(0, ECHO_LIMIT) + "…" : clipped;
  }
}
