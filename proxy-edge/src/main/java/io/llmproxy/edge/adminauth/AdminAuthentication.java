package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.audit.Actor;
import io.llmproxy.kernel.users.AdminRole;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An administrator whose token was verified and whose account still grants the role. An admin also
 * holds the viewer's authority, so rules say what they need, not who may have it.
 */
public final class AdminAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  public static final String ADMIN_AUTHORITY = "ROLE_ADMIN";
  public static final String VIEWER_AUTHORITY = "ROLE_VIEWER";

  private final transient AdminPrincipal principal;

  AdminAuthentication(AdminPrincipal principal) {
    super(
        principal.role() == AdminRole.ADMIN
            ? List.of(
                new SimpleGrantedAuthority(ADMIN_AUTHORITY),
                new SimpleGrantedAuthority(VIEWER_AUTHORITY))
            : List.of(new SimpleGrantedAuthority(VIEWER_AUTHORITY)));
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public AdminPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public String getName() {
    return principal.subject();
  }

  public Actor actor() {
    return new Actor(principal.subject(), principal.role().claim());
  }
}
