package io.llmproxy.kernel.usage;

/** How a proxied request ended, as recorded in the ledger. */
public enum UsageOutcome {
  SUCCESS,
  UPSTREAM_ERROR,
  CLIENT_CANCELLED,
  /** The upstream's answer went over one of the proxy's size limits and was cut there. */
  ANSWER_TOO_LARGE;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
