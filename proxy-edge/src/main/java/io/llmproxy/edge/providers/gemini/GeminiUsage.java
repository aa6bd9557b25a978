package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.Optional;

/**
 * Gemini's {@code usageMetadata} in the ledger's and OpenAI's terms. Prompt tokens are everything
 * Gemini bills as input: {@code promptTokenCount} (which already includes the cached part, {@code
 * cachedContentTokenCount}) plus {@code toolUsePromptTokenCount}, which Gemini counts on top.
 * Completion tokens are {@code candidatesTokenCount} plus {@code thoughtsTokenCount}: Google bills
 * thinking as output, and OpenAI likewise counts reasoning tokens inside {@code completion_tokens}.
 */
final class GeminiUsage {

  private GeminiUsage() {}

  /** The usage in {@code metadata}, if it carries a prompt count. */
  static Optional<TokenUsage> of(JsonNode metadata) {
    if (!isCount(metadata.path("promptTokenCount"))) {
      return Optional.empty();
    }
    long prompt = count(metadata, "promptTokenCount") + count(metadata, "toolUsePromptTokenCount");
    long completion = count(metadata, "candidatesTokenCount") + thoughts(metadata);
    long cached = Math.min(count(metadata, "cachedContentTokenCount"), prompt);
    return Optional.of(new TokenUsage(prompt, completion, prompt + completion, cached, 0));
  }

  /** OpenAI's {@code usage} object for {@code usage}, with the thinking share made visible. */
  static ObjectNode openAi(TokenUsage usage, JsonNode metadata) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("prompt_tokens", usage.promptTokens());
    node.put("completion_tokens", usage.completionTokens());
    node.put("total_tokens", usage.totalTokens());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
    node.putObject("completion_tokens_details").put("reasoning_tokens", thoughts(metadata));
    return node;
  }

  private static long thoughts(JsonNode metadata) {
    return count(metadata, "thoughtsTokenCount");
  }

  private static long count(JsonNode metadata, String field) {
    JsonNode value = metadata.path(field);
    return isCount(value) ? value.asLong() : 0;
  }

  private static boolean isCount(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0;
  }
}
