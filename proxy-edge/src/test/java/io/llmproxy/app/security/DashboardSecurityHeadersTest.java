package io.llmproxy.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class DashboardSecurityHeadersTest {

  private final DashboardSecurityHeaders filter = new DashboardSecurityHeaders();

  private HttpHeaders headersFor(String path) {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
    filter.filter(exchange, served -> Mono.empty()).block();
    return exchange.getResponse().getHeaders();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/index.html", "/js/app.js", "/dashboard.css", "/no-such-file"})
  void dashboardFilesCarryTheStrictPolicyAndTheUsualHeaders(String path) {
    HttpHeaders headers = headersFor(path);
    String csp = headers.getFirst("Content-Security-Policy");
    assertThat(csp)
        .contains("default-src 'self'", "script-src 'self';", "style-src 'self';")
        .contains("frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
    assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(headers.getFirst("Permissions-Policy")).contains("camera=()", "microphone=()");
    assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/v1/chat/completions",
        "/v1",
        "/admin/keys",
        "/api/usage/stream",
        "/actuator/health"
      })
  void theApiSurfacesAreLeftAsTheyAre(String path) {
    HttpHeaders headers = headersFor(path);
    assertThat(headers.containsKey("Content-Security-Policy")).isFalse();
    assertThat(headers.containsKey(HttpHeaders.CACHE_CONTROL)).isFalse();
  }

  @Test
  void dashboardFilesAreAlwaysAnsweredInFull() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/js/app.js")
                .header(HttpHeaders.IF_MODIFIED_SINCE, "Thu, 26 Nov 2026 13:23:51 GMT")
                .header(HttpHeaders.IF_NONE_MATCH, "\"abc\""));
    AtomicReference<HttpHeaders> seen = new AtomicReference<>();
    filter
        .filter(
            exchange,
            served -> {
              seen.set(served.getRequest().getHeaders());
              return Mono.empty();
            })
        .block();
    assertThat(seen.get().containsKey(HttpHeaders.IF_MODIFIED_SINCE)).isFalse();
    assertThat(seen.get().containsKey(HttpHeaders.IF_NONE_MATCH)).isFalse();
    assertThat(exchange.getResponse().getHeaders().getFirst("Content-Security-Policy")).isNotNull();
  }

  @Test
  void theResourceHandlerNeverAnswersNotModified() {
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
    AtomicReference<Boolean> notModified = new AtomicReference<>();
    filter
        .filter(
            exchange,
            served -> {
              notModified.set(served.checkNotModified(Instant.parse("2026-01-01T00:00:00Z")));
              return Mono.empty();
            })
        .block();
    assertThat(notModified.get()).isFalse();
    assertThat(exchange.getResponse().getHeaders().getLastModified()).isEqualTo(-1);
  }

  @Test
  void apiRequestsKeepTheirConditionalHeaders() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/api/keys").header(HttpHeaders.IF_NONE_MATCH, "\"abc\""));
    AtomicReference<HttpHeaders> seen = new AtomicReference<>();
    filter
        .filter(
            exchange,
            served -> {
              seen.set(served.getRequest().getHeaders());
              return Mono.empty();
            })
        .block();
    assertThat(seen.get().getFirst(HttpHeaders.IF_NONE_MATCH)).isEqualTo("\"abc\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1x", "/apis", "/administration.html"})
  void onlyWholePathSegmentsCountAsApi(String path) {
    assertThat(headersFor(path).getFirst("Content-Security-Policy")).isNotNull();
  }
}
