package io.llmproxy.edge.numbers;

/**
 * A client number the proxy will not forward or reserve a budget on; each front door turns it into
 * a 400 in its API's shape, naming {@link #field}.
 */
public class InvalidNumber extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidNumber(String field, String problem) {
    super(problem, null, false, false);
    this.field = field;
  }

  /** The offending field, in the front door's own path notation. */
  public String field() {
    return field;
  }

  /** What is wrong with it, e.g. {@code expected an integer from 1 to 16384}. */
  public String problem() {
    return getMessage();
  }
}
