package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.usage.TokenUsage;

/**
 * Anthropic's token counts, collected from a whole answer or from the events of a stream. Anthropic
 * counts uncached input, cache reads and cache writes separately; OpenAI's {@code prompt_tokens}
 * and the ledger count every input token, so the three are added up.
 */
final class AnthropicUsage {

  private long input;
  private long output;
  private long cacheRead;
  private long cacheCreation;
  private boolean reported;

  /**
   * Takes the counts {@code usage} carries. A stream's {@code message_delta} repeats them as
   * running totals, so a later value replaces an earlier one; absent fields keep theirs.
   */
  void update(JsonNode usage) {
    if (!usage.isObject()) {
      return;
    }
    if (isCount(usage.path("input_tokens"))) {
      input = usage.path("input_tokens").asLong();
      reported = true;
    }
    if (isCount(usage.path("output_tokens"))) {
      output = usage.path("output_tokens").asLong();
    }
    if (isCount(usage.path("cache_read_input_tokens"))) {
      cacheRead = usage.path("cache_read_input_tokens").asLong();
    }
    if (isCount(usage.path("cache_creation_input_tokens"))) {
      cacheCreation = usage.path("cache_creation_input_tokens").asLong();
    }
  }

  /**
   * Whether Anthropic said how many input tokens it read; without that there is nothing to bill.
   */
  boolean reported() {
    return reported;
  }

  TokenUsage toTokenUsage() {
    long prompt = input + cacheRead + cacheCreation;
    return new TokenUsage(prompt, output, prompt + output, cacheRead, cacheCreation);
  }

  /** OpenAI's {@code usage} object, with the cache figures in {@code prompt_tokens_details}. */
  void writeTo(ObjectNode usage) {
    TokenUsage tokens = toTokenUsage();
    usage.put("prompt_tokens", tokens.promptTokens());
    usage.put("completion_tokens", tokens.completionTokens());
    usage.put("total_tokens", tokens.totalTokens());
    ObjectNode details = usage.putObject("prompt_tokens_details");
    details.put("cached_tokens", tokens.cachedTokens());
    details.put("cache_write_tokens", tokens.cacheWriteTokens());
  }

  private static boolean isCount(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0;
  }
}
