package io.llmproxy.app.security;

import io.llmproxy.edge.access.AccessRefusals;
import io.llmproxy.edge.access.RefusedCredentials;
import io.llmproxy.edge.keys.VirtualKeyAuthenticator;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The proxied surface's authentication: every request of its chain presents a virtual key, and the
 * keys are in memory, so the principal is decided at once and put in the Reactor context in one
 * step. (Spring Security's {@code AuthenticationWebFilter} reaches the same result through a
 * matcher, a converter, a reactive manager and a success handler: on a proxied request that
 * machinery cost more CPU than the proxy's own admission.) Authorization stays with the chain's
 * rule.
 */
final class VirtualKeyWebFilter implements WebFilter {

  private final VirtualKeyAuthenticator virtualKeys;
  private final ServerAuthenticationFailureHandler refused;

  VirtualKeyWebFilter(VirtualKeyAuthenticator virtualKeys, AccessRefusals refusals) {
    this.virtualKeys = virtualKeys;
    this.refused = refusals.failureHandler();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Authentication key;
    try {
      key = virtualKeys.authenticate(exchange);
    } catch (RefusedCredentials failure) {
      return refused.onAuthenticationFailure(new WebFilterExchange(exchange, chain), failure);
    }
    return chain
        .filter(exchange)
        .contextWrite(ReactiveSecurityContextHolder.withAuthentication(key));
  }
}
