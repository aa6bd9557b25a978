package io.llmproxy.edge.access;

import io.llmproxy.edge.errors.ApiException;
import org.springframework.security.core.AuthenticationException;

/**
 * A credential that was presented and refused, with the exact answer the client gets (a revoked key
 * and an expired token deserve different messages than "unauthorized").
 */
public class RefusedCredentials extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  private final transient ApiException answer;

  public RefusedCredentials(ApiException answer) {
    super(answer.getMessage());
    this.answer = answer;
  }

  public ApiException answer() {
    return answer;
  }
}
