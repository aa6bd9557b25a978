package io.llmproxy.edge.access;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A credential read from the request's headers, not yet checked. Never logged or stored. */
public final class PresentedCredential extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final String value;

  public PresentedCredential(String value) {
    super(List.of());
    this.value = value;
  }

  @Override
  public Object getCredentials() {
    return value;
  }

  @Override
  public Object getPrincipal() {
    return "presented credential";
  }

  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return "PresentedCredential[****]";
  }
}
