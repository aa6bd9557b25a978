package io.llmproxy.edge.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawConnection;
import io.llmproxy.support.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends its request slowly, or not at all, loses its connection once the clock for
 * that part runs out, while a slow answer is never cut; and no client holds more connections than
 * its cap, counted by its own address or, through a trusted proxy, by the one the proxy forwards.
 */
@EndToEnd
class SlowClientsTest {

  private static final String LIVENESS =
      "GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n";
  private static final int PER_CLIENT = 4;
  private static final int CEILING_MS = 15_000;

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static int port;
  private static String key;

  @BeforeAll
  static void start() {
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.http.head-timeout", "2s",
                "llmproxy.http.body-idle-timeout", "2s",
                "llmproxy.http.keep-alive-timeout", "3s",
                "llmproxy.http.max-connections-per-client", PER_CLIENT,
                "llmproxy.http.trusted-proxies", "127.0.0.1",
                "llmproxy.providers.slow.kind", "mock",
                "llmproxy.providers.slow.latency", "5s"));
    port = RawHttp.port(node);
    String admin = node.login();
    node.route(admin, "slow-model", "slow", "mock-1");
    node.route(admin, "quick-model", "mock", "mock-1");
    key = node.issueKey(admin, "slow-clients", List.of("slow-model", "quick-model"));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aTrickledHeadIsAnswered408AndClosed() throws Exception {
    try (RawConnection connection = RawConnection.open(port)) {
      connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n");
      long began = System.nanoTime();
      boolean answered = false;
      // a byte every 300 ms keeps any idle clock from firing; only the head's own clock can
      while (!answered && System.nanoTime() - began < CEILING_MS * 1_000_000L) {
        try {
          connection.send("X");
        } catch (IOException closed) {
          break;
        }
        answered = !connection.idleFor(300);
      }
      assertThat(answered).as("an answer before the ceiling").isTrue();
      RawHttp.Response answer = connection.read();
      assertThat(answer.status()).isEqualTo(408);
      assertThat(answer.headers().get("connection")).isEqualToIgnoringCase("close");
      assertThat(connection.closedByServer(5_000)).isTrue();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (RawConnection connection = RawConnection.open(port)) {
      assertThat(connection.closedByServer(CEILING_MS)).isTrue();
    }
  }

  @Test
  void aBodyThatStopsComingIsClosed() throws Exception {
    try (RawConnection connection = RawConnection.open(port)) {
      connection.send(
          "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
              + key
              + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"model\":");
      connection.readTimeout(CEILING_MS);
      assertThat(connection.read().status()).isEqualTo(408);
      assertThat(connection.closedByServer(5_000)).isTrue();
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosed() throws Exception {
    try (RawConnection connection = RawConnection.open(port)) {
      assertThat(connection.send(LIVENESS).read().status()).isEqualTo(200);
      assertThat(connection.closedByServer(CEILING_MS)).isTrue();
    }
  }

  @Test
  void aSlowStreamedAnswerOutlastsEveryClock() throws Exception {
    String body =
        "{\"model\":\"slow-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (RawConnection connection = RawConnection.open(port)) {
      connection.readTimeout(30_000);
      connection.send(
          "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
              + key
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length()
              + "\r\n\r\n"
              + body);
      long began = System.nanoTime();
      String stream = connection.readStream();
      long tookMs = (System.nanoTime() - began) / 1_000_000;
      // the mock waits 5 s before its first byte: longer than each of the 2-3 s clocks
      assertThat(tookMs).isGreaterThan(4_000);
      assertThat(stream).contains("data: [DONE]");
    }
  }

  @Test
  void theConnectionOverAnAddressCapIsClosedUnread() throws Exception {
    List<RawConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < PER_CLIENT; i++) {
        RawConnection connection = RawConnection.open(port, "127.0.0.2");
        held.add(connection);
        assertThat(connection.send(LIVENESS).read().status()).isEqualTo(200);
      }
      // a forwarded address from a peer that is no trusted proxy counts for nothing
      try (RawConnection over = RawConnection.open(port, "127.0.0.2")) {
        over.send(
            "GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.50\r\n\r\n");
        assertThat(over.closedByServer(5_000)).isTrue();
      }
      // another client is not affected
      try (RawConnection other = RawConnection.open(port, "127.0.0.3")) {
        assertThat(other.send(LIVENESS).read().status()).isEqualTo(200);
      }
      held.remove(0).close();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                try (RawConnection again = RawConnection.open(port, "127.0.0.2")) {
                  assertThat(again.send(LIVENESS).read().status()).isEqualTo(200);
                }
              });
    } finally {
      for (RawConnection connection : held) {
        connection.close();
      }
    }
  }

  @Test
  void behindATrustedProxyTheForwardedAddressIsWhatCounts() throws Exception {
    List<RawConnection> held = new ArrayList<>();
    try {
      for (int i = 0; i < PER_CLIENT; i++) {
        RawConnection connection = RawConnection.open(port);
        held.add(connection);
        assertThat(forwardedFor(connection, "203.0.113.7").status()).isEqualTo(200);
      }
      // the same client, also when it writes an address of its own in front of the proxy's entry
      for (String spelling :
          List.of("203.0.113.7", "198.51.100.1, 203.0.113.7", "203.0.113.7, 127.0.0.1")) {
        try (RawConnection over = RawConnection.open(port)) {
          RawHttp.Response answer = forwardedFor(over, spelling);
          assertThat(answer.status()).as(spelling).isEqualTo(503);
          assertThat(answer.headers().get("connection")).isEqualToIgnoringCase("close");
          assertThat(over.closedByServer(5_000)).isTrue();
        }
      }
      // another forwarded client through the same proxy is served
      try (RawConnection other = RawConnection.open(port)) {
        assertThat(forwardedFor(other, "203.0.113.8").status()).isEqualTo(200);
      }
    } finally {
      for (RawConnection connection : held) {
        connection.close();
      }
    }
  }

  private static RawHttp.Response forwardedFor(RawConnection connection, String forwarded)
      throws IOException {
    return connection
        .send(
            "GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: "
                + forwarded
                + "\r\n\r\n")
        .read();
  }
}
