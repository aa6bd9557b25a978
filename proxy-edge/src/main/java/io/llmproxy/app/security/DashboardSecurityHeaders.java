package io.llmproxy.app.security;

import io.llmproxy.edge.http.RequestPaths;
import java.time.Instant;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Browser hardening for the dashboard's pages, scripts and styles (everything outside the API
 * surfaces). The dashboard loads only its own files, never runs inline script or style, is never
 * framed, and sends no referrer.
 *
 * <p>Its files are small and carry no fingerprint in their names, so browsers are told not to keep
 * them, and they are always answered in full: no conditional request is honoured. Answered with
 * 304, a few of a burst of revalidations (a page load asks for some 25 modules at once) never
 * completed on this server, and the page then never finished loading.
 *
 * <p>Nor is a range request: Spring's resource handler announces the whole file's length and leaves
 * it on a multipart/byteranges answer and on a 416, so the client waited for bytes that never came,
 * or read the next answer on its connection as part of this one. A page needs no ranges, so none is
 * offered ({@code Accept-Ranges} is removed) and a {@code Range} header is ignored.
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

  private static final List<String> IGNORED_REQUEST_HEADERS =
      List.of(
          HttpHeaders.IF_MODIFIED_SINCE,
          HttpHeaders.IF_NONE_MATCH,
          HttpHeaders.IF_MATCH,
          HttpHeaders.IF_UNMODIFIED_SINCE,
          HttpHeaders.IF_RANGE,
          HttpHeaders.RANGE);

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (isDashboard(RequestPaths.decoded(exchange))) {
      HttpHeaders requestHeaders = exchange.getRequest().getHeaders();
      if (IGNORED_REQUEST_HEADERS.stream().anyMatch(requestHeaders::containsKey)) {
        exchange =
            exchange
                .mutate()
                .request(
                    request ->
                        request.headers(
                            writable -> IGNORED_REQUEST_HEADERS.forEach(writable::remove)))
                .build();
      }
      exchange = new AlwaysModified(exchange);
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("X-Frame-Options", "DENY");
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("Permissions-Policy", PERMISSIONS_POLICY);
      headers.set("Cross-Origin-Opener-Policy", "same-origin");
      headers.set("Cross-Origin-Resource-Policy", "same-origin");
      headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
      ServerHttpResponse response = exchange.getResponse();
      response.beforeCommit(
          () -> {
            response.getHeaders().remove(HttpHeaders.ACCEPT_RANGES);
            return Mono.empty();
          });
    }
    return chain.filter(exchange);
  }

  /** The static resource handler asks the exchange; the answer is always "send it whole". */
  private static final class AlwaysModified extends ServerWebExchangeDecorator {

    AlwaysModified(ServerWebExchange delegate) {
      super(delegate);
    }

    @Override
    public boolean checkNotModified(Instant lastModified) {
      return false;
    }

    @Override
    public boolean checkNotModified(String etag) {
      return false;
    }

    @Override
    public boolean checkNotModified(String etag, Instant lastModified) {
      return false;
    }
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
