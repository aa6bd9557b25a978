package io.llmproxy.app;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Browser hardening for the dashboard's pages, scripts and styles (everything outside the API
 * surfaces). The dashboard loads only its own files, never runs inline script or style, is never
 * framed, and sends no referrer; its files are revalidated on each load since they carry no
 * fingerprint in their names.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class DashboardSecurityHeaders implements WebFilter {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  static final String PERMISSIONS_POLICY =
      "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(),"
          + " microphone=(), payment=(), usb=()";

  private static final String[] API_PREFIXES = {"/v1", "/admin", "/api", "/actuator"};

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (isDashboard(exchange.getRequest().getPath().pathWithinApplication().value())) {
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("Permissions-Policy", PERMISSIONS_POLICY);
      headers.set("Cross-Origin-Opener-Policy", "same-origin");
      headers.set("Cross-Origin-Resource-Policy", "same-origin");
      headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
    }
    return chain.filter(exchange);
  }

  static boolean isDashboard(String path) {
    for (String prefix : API_PREFIXES) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return false;
      }
    }
    return true;
  }
}
