package io.llmproxy.edge.encoding;

import org.springframework.core.codec.DecodingException;

/** A request body refused by {@link StrictJsonText}; its message is written for the client. */
public class InvalidJsonText extends DecodingException {

  private static final long serialVersionUID = 1L;

  public InvalidJsonText(String message) {
    super(message);
  }
}
