package io.llmproxy.query.reconciliation;

/** An export that cannot be read; the message names the line or the JSON path at fault. */
final class ExportParseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ExportParseException(String message) {
    super(message);
  }
}
