package io.llmproxy.kernel.usage;

/** Tokens consumed by one request, as the provider reported them (or as estimated). */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {

  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  public TokenUsage {
    if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public static TokenUsage of(long promptTokens, long completionTokens) {
    return new TokenUsage(promptTokens, completionTokens, promptTokens + completionTokens);
  }
}
