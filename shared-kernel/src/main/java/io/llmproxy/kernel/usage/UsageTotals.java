package io.llmproxy.kernel.usage;

public record UsageTotals(
    long requests, long promptTokens, long completionTokens, long totalTokens) {

  public static final UsageTotals ZERO = new UsageTotals(0, 0, 0, 0);
}
