package io.llmproxy.edge.frontdoor.anthropic;

/**
 * A Messages request the proxy cannot accept, naming the offending field in Anthropic's dotted
 * notation ({@code messages.0.content.1.source}); it becomes a 400 {@code invalid_request_error}.
 */
public class InvalidMessagesRequest extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String param;

  public InvalidMessagesRequest(String param, String message) {
    super(message, null, false, false);
    this.param = param;
  }

  /** The offending field, or null when the request as a whole is wrong. */
  public String param() {
    return param;
  }

  /** The text Anthropic's API would show: {@code "<field>: <problem>"}. */
  public String anthropicMessage() {
    return param == null ? getMessage() : param + ": " + getMessage();
  }
}
