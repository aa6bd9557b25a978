package io.llmproxy.kernel.usage;

/**
 * Tokens consumed by one request, as the provider reported them (or as estimated).
 *
 * <p>{@code promptTokens} counts every input token, cached or not, as OpenAI reports it; the two
 * cache figures say how many of them were read from the provider's prompt cache ({@code
 * cachedTokens}) or written to it ({@code cacheWriteTokens}), which providers price differently.
 * Anthropic reports the three separately; its adapter adds them up. Events stored before the cache
 * figures existed read them as zero.
 */
public record TokenUsage(
    long promptTokens,
    long completionTokens,
    long totalTokens,
    long cachedTokens,
    long cacheWriteTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  public TokenUsage {
    if (promptTokens < 0
        || completionTokens < 0
        || totalTokens < 0
        || cachedTokens < 0
        || cacheWriteTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
    if (cachedTokens + cacheWriteTokens > promptTokens) {
      throw new IllegalArgumentException("cached and cache-write tokens are part of the prompt");
    }
  }

  public TokenUsage(long promptTokens, long completionTokens, long totalTokens) {
    this(promptTokens, completionTokens, totalTokens, 0, 0);
  }

  public static TokenUsage of(long promptTokens, long completionTokens) {
    return new TokenUsage(promptTokens, completionTokens, promptTokens + completionTokens);
  }

  /** Prompt tokens neither read from nor written to a cache: billed at the plain input price. */
  public long uncachedPromptTokens() {
    return promptTokens - cachedTokens - cacheWriteTokens;
  }
}
