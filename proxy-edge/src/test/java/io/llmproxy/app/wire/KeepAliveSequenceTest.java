package io.llmproxy.app.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Requests that follow each other on kept-alive connections are all answered. Reactor Netty 1.2.18
 * left about one in a few thousand waiting for good (the request that arrived while the previous
 * exchange was still bound to the channel); the full test run showed it as one WebTestClient
 * timeout per run, in a different test each time. A refusal and an answer alternate, as in the test
 * that first showed it.
 */
@EndToEnd
class KeepAliveSequenceTest {

  private static final int ROUNDS = 1_000;
  private static final int CONNECTIONS = 4;

  @TempDir static Path dataDir;
  private static ProxyNode node;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of("llmproxy.metrics-token", "scrape-token-0123456789abc"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void everyRequestOnAKeptAliveConnectionIsAnswered() {
    ConnectionProvider pool = ConnectionProvider.create("keep-alive-sequence", CONNECTIONS);
    HttpClient client = HttpClient.create(pool).baseUrl(node.baseUrl());
    List<String> unanswered = new ArrayList<>();
    try {
      for (int round = 0; round < ROUNDS && unanswered.size() < 3; round++) {
        String path = round % 2 == 0 ? "/actuator/prometheus" : "/actuator/health/liveness";
        String label = "round " + round + " " + path;
        Flux.range(0, CONNECTIONS)
            .flatMap(i -> status(client, path))
            // a generous ceiling: an answer takes milliseconds, the hang lasted for good
            .timeout(Duration.ofSeconds(20))
            .onErrorResume(
                e -> {
                  unanswered.add(label + ": " + e.getMessage());
                  return Mono.empty();
                })
            .blockLast();
      }
    } finally {
      pool.dispose();
    }
    assertThat(unanswered).isEmpty();
  }

  private static Mono<Integer> status(HttpClient client, String path) {
    return client
        .get()
        .uri(path)
        .responseSingle(
            (response, body) ->
                body.asString().defaultIfEmpty("").thenReturn(response.status().code()));
  }
}
