package io.llmproxy.edge.providers;

/** The OpenAI endpoints the proxy forwards, with their path below the provider's API root. */
public enum Operation {
  CHAT_COMPLETIONS("/chat/completions", "chat.completions", true),
  COMPLETIONS("/completions", "completions", true),
  EMBEDDINGS("/embeddings", "embeddings", false);

  private final String path;
  private final String ledgerName;
  private final boolean streamable;

  Operation(String path, String ledgerName, boolean streamable) {
    this.path = path;
    this.ledgerName = ledgerName;
    this.streamable = streamable;
  }

  public String path() {
    return path;
  }

  /** How the ledger names the endpoint a request used. */
  public String ledgerName() {
    return ledgerName;
  }

  public boolean streamable() {
    return streamable;
  }
}
