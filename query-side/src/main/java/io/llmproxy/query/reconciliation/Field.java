package io.llmproxy.query.reconciliation;

/** A figure that can be compared between a provider's export and the ledger. */
enum Field {
  REQUESTS("requests"),
  INPUT_TOKENS("input_tokens"),
  OUTPUT_TOKENS("output_tokens"),
  CACHED_TOKENS("cached_tokens"),
  CACHE_WRITE_TOKENS("cache_write_tokens"),
  COST("cost");

  private final String wireName;

  Field(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  boolean isTokens() {
    return this != REQUESTS && this != COST;
  }
}
