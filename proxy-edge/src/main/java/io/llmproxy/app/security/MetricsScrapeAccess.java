package io.llmproxy.app.security;

import io.llmproxy.edge.http.BearerCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/prometheus} is open unless {@code llmproxy.metrics-token} is set; then the
 * scraper must send it as a bearer token. Compared in constant time.
 */
class MetricsScrapeAccess {

  private final byte[] token;

  MetricsScrapeAccess(String token) {
    this.token =
        token == null || token.isBlank() ? null : token.strip().getBytes(StandardCharsets.UTF_8);
  }

  Mono<AuthorizationDecision> decide(AuthorizationContext context) {
    if (token == null) {
      return Mono.just(new AuthorizationDecision(true));
    }
    String presented =
        BearerCredentials.from(
                context.getExchange().getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
            .orElse("");
    return Mono.just(
        new AuthorizationDecision(
            MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))));
  }
}
