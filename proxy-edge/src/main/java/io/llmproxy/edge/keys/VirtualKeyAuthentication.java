package io.llmproxy.edge.keys;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A caller of the {@code /v1} surface holding a usable virtual key. */
public final class VirtualKeyAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  public static final String AUTHORITY = "ROLE_VIRTUAL_KEY";

  private final transient RegisteredKey key;

  VirtualKeyAuthentication(RegisteredKey key) {
    super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
    this.key = key;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public RegisteredKey getPrincipal() {
    return key;
  }

  @Override
  public String getName() {
    return key.keyId();
  }
}
