package io.llmproxy.kernel.usage;

/** How a proxied request ended, as recorded in the ledger. */
public enum UsageOutcome {
  SUCCESS,
  UPSTREAM_ERROR,
  CLIENT_CANCELLED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
