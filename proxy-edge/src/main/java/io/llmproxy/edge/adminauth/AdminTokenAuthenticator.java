package io.llmproxy.edge.adminauth;

import io.llmproxy.edge.access.AccessRefusals;
import io.llmproxy.edge.access.PresentedCredential;
import io.llmproxy.edge.access.RefusedCredentials;
import io.llmproxy.edge.http.BearerCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates the admin and reporting surfaces from an {@code Authorization: Bearer} JWT. Each
 * request is judged by the rights its administrator holds now, so disabling or demoting a user
 * takes effect at once rather than when the token expires (and {@link AdminSessionWatch} ends the
 * responses still running). Verification is in memory (signature and the user registry), so it runs
 * on the event loop.
 */
@Component
public class AdminTokenAuthenticator {

  private final AdminTokens tokens;
  private final AdminAccounts accounts;
  private final AdminAccessReadiness readiness;

  AdminTokenAuthenticator(
      AdminTokens tokens, AdminAccounts accounts, AdminAccessReadiness readiness) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.readiness = readiness;
  }

  public ServerAuthenticationConverter converter() {
    return exchange ->
        Mono.justOrEmpty(
            BearerCredentials.from(
                    exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
                .map(PresentedCredential::new));
  }

  public ReactiveAuthenticationManager manager() {
    return presented -> Mono.fromSupplier(() -> authenticate(presented));
  }

  private Authentication authenticate(Authentication presented) {
    if (!readiness.isReady()) {
      throw new RefusedCredentials(AdminAccessReadiness.startingUp());
    }
    String token = ((PresentedCredential) presented).value();
    return tokens
        .verify(token)
        .flatMap(accounts::current)
        .map(AdminAuthentication::new)
        .orElseThrow(() -> new RefusedCredentials(AccessRefusals.invalidAdminToken()));
  }
}
