package io.llmproxy.edge.ledger;

/** The ledger could not make a usage entry durable, so the answer must not be released. */
public class LedgerUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message) {
    super(message);
  }
}
