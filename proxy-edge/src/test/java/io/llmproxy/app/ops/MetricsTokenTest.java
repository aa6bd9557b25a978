package io.llmproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code llmproxy.metrics-token} set, only a scraper holding it reads the metrics. */
@EndToEnd
class MetricsTokenTest {

  private static final String TOKEN = "scrape-token-for-the-test-0123456789";

  @TempDir static Path dataDir;
  private static ProxyNode node;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of("llmproxy.metrics-token", TOKEN));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theScrapeNeedsTheConfiguredBearerToken() {
    node.http()
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer")
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("authentication_error");
    node.http()
        .get()
        .uri("/actuator/prometheus")
        .header("Authorization", "Bearer " + TOKEN + "x")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // an admin token is not the scrape token
    node.http()
        .get()
        .uri("/actuator/prometheus")
        .header("Authorization", "Bearer " + node.login())
        .exchange()
        .expectStatus()
        .isUnauthorized();
    node.http()
        .get()
        .uri("/actuator/prometheus")
        .header("Authorization", "Bearer " + TOKEN)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(text -> assertThat(text).contains("jvm_"));
  }

  @Test
  void theProbesStayOpen() {
    node.http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
  }
}
