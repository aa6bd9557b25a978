package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.kernel.usage.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's {@code /embeddings} on Gemini's {@code batchEmbedContents}: one request per input
 * string, and the vectors back in OpenAI's list shape, as floats or, for {@code encoding_format:
 * base64}, as base64 of little-endian float32 values like OpenAI sends them.
 */
final class GeminiEmbeddings {

  private GeminiEmbeddings() {}

  static ObjectNode request(ProviderCall call, String modelResource) {
    JsonNode request = call.request();
    List<String> inputs = inputs(request.path("input"));
    JsonNode dimensions = request.path("dimensions");
    if (!dimensions.isMissingNode()
        && !dimensions.isNull()
        && !(dimensions.isIntegralNumber()
            && dimensions.canConvertToInt()
            && dimensions.asInt() > 0)) {
      throw GeminiErrors.invalid("'dimensions' must be a positive integer.", "dimensions");
    }
    String format = request.path("encoding_format").asText("float");
    if (!format.equals("float") && !format.equals("base64")) {
      throw GeminiErrors.invalid("'encoding_format' must be float or base64.", "encoding_format");
    }
    ObjectNode batch = JsonNodeFactory.instance.objectNode();
    ArrayNode requests = batch.putArray("requests");
    for (String input : inputs) {
      ObjectNode each = requests.addObject();
      each.put("model", modelResource);
      each.putObject("content").putArray("parts").addObject().put("text", input);
      if (dimensions.isIntegralNumber()) {
        each.put("outputDimensionality", dimensions.asInt());
      }
    }
    return batch;
  }

  /**
   * The OpenAI answer; {@code usage} is the caller's estimate unless Gemini reported a count, which
   * its embedding endpoints have not been seen to do.
   */
  static ObjectNode answer(ProviderCall call, JsonNode gemini, TokenUsage usage) {
    JsonNode embeddings = gemini.path("embeddings");
    int expected = inputs(call.request().path("input")).size();
    if (!embeddings.isArray() || embeddings.size() != expected) {
      throw UpstreamException.malformed(
          "batchEmbedContents answered " + embeddings.size() + " embeddings for " + expected);
    }
    boolean base64 = "base64".equals(call.request().path("encoding_format").asText());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    for (int i = 0; i < embeddings.size(); i++) {
      JsonNode values = embeddings.get(i).path("values");
      if (!values.isArray()) {
        throw UpstreamException.malformed("an embedding had no values");
      }
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", i);
      if (base64) {
        item.put("embedding", base64(values));
      } else {
        item.set("embedding", values.deepCopy());
      }
    }
    body.put("model", call.upstreamModel());
    body.putObject("usage")
        .put("prompt_tokens", usage.promptTokens())
        .put("total_tokens", usage.totalTokens());
    return body;
  }

  /** Gemini's own count, where an answer carries one. */
  static Optional<TokenUsage> reported(JsonNode gemini) {
    JsonNode count = gemini.path("usageMetadata").path("promptTokenCount");
    if (!count.isIntegralNumber() || count.asLong() < 0) {
      return Optional.empty();
    }
    return Optional.of(TokenUsage.of(count.asLong(), 0));
  }

  private static String base64(JsonNode values) {
    ByteBuffer bytes =
        ByteBuffer.allocate(values.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode value : values) {
      bytes.putFloat(value.floatValue());
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * A string or an array of strings. Token ids cannot be embedded: Gemini takes text only and uses
   * its own tokenizer.
   */
  private static List<String> inputs(JsonNode input) {
    List<String> inputs = new ArrayList<>();
    if (input.isTextual()) {
      inputs.add(input.asText());
      return inputs;
    }
    for (JsonNode item : input) {
      if (!item.isTextual()) {
        throw GeminiErrors.unsupported(
            "Gemini embeds text only; send 'input' as a string or an array of strings, not token"
                + " ids.",
            "input");
      }
      inputs.add(item.asText());
    }
    return inputs;
  }
}
