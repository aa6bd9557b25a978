package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.TokenUsage;
import java.util.Optional;

/** Reads OpenAI's {@code usage} object, as answers and final stream chunks carry it. */
public final class OpenAiUsage {

  private OpenAiUsage() {}

  /**
   * The usage in {@code answer.usage}, if it has a prompt count; embeddings have no completion
   * count, which then counts as zero. {@code prompt_tokens_details} may say how many prompt tokens
   * were read from ({@code cached_tokens}) or written to ({@code cache_write_tokens}) a cache.
   */
  public static Optional<TokenUsage> in(JsonNode answer) {
    return of(answer.path("usage"));
  }

  /** The usage an OpenAI {@code usage} object reports, as {@link #in} reads it. */
  public static Optional<TokenUsage> of(JsonNode usage) {
    JsonNode prompt = usage.path("prompt_tokens");
    JsonNode completion = usage.path("completion_tokens");
    if (!isCount(prompt) || !(completion.isMissingNode() || isCount(completion))) {
      return Optional.empty();
    }
    long promptTokens = prompt.asLong();
    long completionTokens = completion.asLong(0);
    JsonNode total = usage.path("total_tokens");
    if (promptTokens > Long.MAX_VALUE - completionTokens) {
      // counts no provider can mean, whose sum would not even be a count: none reported
      return Optional.empty();
    }
    long totalTokens = isCount(total) ? total.asLong() : promptTokens + completionTokens;
    JsonNode details = usage.path("prompt_tokens_details");
    JsonNode cached = details.path("cached_tokens");
    long cachedTokens = isCount(cached) ? Math.min(cached.asLong(), promptTokens) : 0;
    // not OpenAI's (it bills no cache writes) but OpenRouter's name, which the Anthropic adapter's
    // translated usage uses too, so that streamed cache writes reach the ledger
    JsonNode written = details.path("cache_write_tokens");
    long cacheWriteTokens =
        isCount(written) ? Math.min(written.asLong(), promptTokens - cachedTokens) : 0;
    return Optional.of(
        new TokenUsage(
            promptTokens, completionTokens, totalTokens, cachedTokens, cacheWriteTokens));
  }

  private static boolean isCount(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0;
  }
}
