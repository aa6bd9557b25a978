package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.edge.ledger.LedgerVerifier;
import io.llmproxy.edge.ledger.VerificationReport;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.replay.AuditReplays;
import io.llmproxy.query.replay.ReplayReport;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Two application instances on one PostgreSQL database (the {@code postgres} profile): requests
 * spread over both land exactly once in the ledger and the read models, a revocation made through
 * one node is obeyed by the other within a second, the event processors' segments are split between
 * the nodes, and the survivor takes over a stopped node's segments.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class PostgresTwoNodeTest {

  private static final int KEYS = 3;
  private static final int REQUESTS = 300;

  @TempDir static Path dataDirA;
  @TempDir static Path dataDirB;

  private static TestPostgres database;
  private static ProxyNode nodeA;
  private static ProxyNode nodeB;
  private static String admin;

  @BeforeAll
  static void start() {
    database = TestPostgres.emptied();
    nodeA = ProxyNode.startStoppable(dataDirA, database.nodeProperties("node-a"));
    nodeB = ProxyNode.startStoppable(dataDirB, database.nodeProperties("node-b"));
    admin = nodeA.login();
    nodeA.route(admin, "demo", "mock", "mock-1");
  }

  @AfterAll
  static void stop() {
    if (nodeB != null) {
      nodeB.close();
    }
    if (nodeA != null) {
      nodeA.close();
    }
  }

  @Test
  @Order(1)
  void theProcessorsSegmentsAreSplitBetweenTheNodes() {
    long started = System.nanoTime();
    Map<String, String> owners =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                PostgresTwoNodeTest::segmentOwners,
                segments -> {
                  long a = segments.values().stream().filter("node-a"::equals).count();
                  long b = segments.values().stream().filter("node-b"::equals).count();
                  return a + b == segments.size() && Math.abs(a - b) <= 1 && b > 0;
                });
    System.out.printf(
        "segments split after %d ms: %s%n", (System.nanoTime() - started) / 1_000_000, owners);
    assertThat(owners).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  @Order(2)
  void requestsSpreadOverBothNodesAreEachCountedOnce() throws InterruptedException {
    List<String> keys =
        IntStream.range(0, KEYS)
            .mapToObj(i -> nodeA.issueKey(admin, "k" + i, List.of("*")))
            .toList();
    // node B must know the keys before it is sent requests with them (its first requests also
    // warm it up, so this is not the propagation time the revocation test measures)
    long known = System.nanoTime();
    keys.forEach(
        key -> await().atMost(Duration.ofSeconds(10)).until(() -> status(nodeB, key) == 200));
    System.out.printf(
        "node B accepted the new keys after %d ms%n", (System.nanoTime() - known) / 1_000_000);
    long warmUpRequests = KEYS;
    long warmUpTokens = totalTokens(nodeA);

    List<WebClient> clients =
        List.of(WebClient.create(nodeA.baseUrl()), WebClient.create(nodeB.baseUrl()));
    // every key is used through both nodes at once, so both append to the same ledger streams
    List<JsonNode> answers =
        Flux.range(0, REQUESTS)
            .flatMap(
                i ->
                    clients
                        .get(i % 2)
                        .post()
                        .uri("/v1/chat/completions")
                        .header("Authorization", "Bearer " + keys.get((i / 2) % KEYS))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                            Map.of(
                                "model",
                                "demo",
                                "messages",
                                List.of(Map.of("role", "user", "content", "request " + i))))
                        .retrieve()
                        .bodyToMono(JsonNode.class),
                64)
            .collectList()
            .block(Duration.ofSeconds(120));
    assertThat(answers).hasSize(REQUESTS);
    long tokens =
        answers.stream().mapToLong(a -> a.path("usage").path("total_tokens").asLong()).sum();
    assertThat(tokens).isPositive();

    Set<String> requestIds = new HashSet<>();
    for (String key : keys) {
      List<? extends DomainEventMessage<?>> stream =
          nodeA
              .bean(EventStore.class)
              .readEvents(UsageRecorded.ledgerStreamId(ProxyNode.keyId(key)))
              .asStream()
              .toList();
      assertThat(stream)
          .extracting(DomainEventMessage::getSequenceNumber)
          .as("ledger stream of %s", key)
          .containsExactlyElementsOf(
              IntStream.range(0, stream.size()).mapToObj(Long::valueOf).toList());
      stream.forEach(m -> requestIds.add(((UsageRecorded) m.getPayload()).requestId()));
    }
    assertThat(requestIds).hasSize(REQUESTS + KEYS);
    VerificationReport chains = nodeB.bean(LedgerVerifier.class).verify();
    assertThat(chains.verified()).as("hash chains: %s", chains.firstBreak()).isTrue();
    assertThat(chains.events()).isEqualTo(REQUESTS + KEYS);

    long started = System.nanoTime();
    for (ProxyNode node : List.of(nodeA, nodeB)) {
      JsonNode summary =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> summary(node),
                  s -> s.path("totals").path("requests").asLong() >= REQUESTS + warmUpRequests);
      assertThat(summary.path("totals").path("requests").asLong())
          .isEqualTo(REQUESTS + warmUpRequests);
      assertThat(summary.path("totals").path("total_tokens").asLong())
          .isEqualTo(tokens + warmUpTokens);
    }
    System.out.printf(
        "rollups complete %d ms after the last answer%n",
        (System.nanoTime() - started) / 1_000_000);

    // an audit replay on one node while both keep appending matches the rollups exactly
    var traffic =
        Flux.range(0, 200)
            .flatMap(
                i ->
                    clients
                        .get(i % 2)
                        .post()
                        .uri("/v1/chat/completions")
                        .header("Authorization", "Bearer " + keys.get(i % KEYS))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                            Map.of(
                                "model",
                                "demo",
                                "messages",
                                List.of(Map.of("role", "user", "content", "more " + i))))
                        .retrieve()
                        .toBodilessEntity(),
                16)
            .then()
            .toFuture();
    ReplayReport replay = nodeB.bean(AuditReplays.class).runToCompletion();
    traffic.join();
    assertThat(replay.status()).isEqualTo(ReplayReport.COMPLETED);
    assertThat(replay.discrepancyCount()).as("audit replay: %s", replay).isZero();
    System.out.printf("audit replay during traffic: %s%n", replay);
  }

  @Test
  @Order(3)
  void aKeyRevokedThroughNodeAIsRefusedByNodeBWithinASecond() {
    String key = nodeA.issueKey(admin, "to-revoke", List.of("demo"));
    await().atMost(Duration.ofSeconds(5)).until(() -> status(nodeB, key) == 200);

    nodeA.revoke(admin, ProxyNode.keyId(key));
    long started = System.nanoTime();
    // a generous ceiling; the time taken is printed
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> status(nodeB, key) == 401);
    System.out.printf(
        "node B refused the revoked key after %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @Test
  @Order(4)
  void theRemainingNodeTakesOverTheSegmentsOfAStoppedOne() throws SQLException {
    nodeB.close();
    long started = System.nanoTime();
    Map<String, String> owners =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(
                PostgresTwoNodeTest::segmentOwners,
                segments -> segments.values().stream().allMatch("node-a"::equals));
    System.out.printf(
        "node A took over every segment %d ms after node B stopped: %s%n",
        (System.nanoTime() - started) / 1_000_000, owners);
    nodeB = null;

    // node A now runs every projection alone: a new key is listed and a new request counted
    String key = nodeA.issueKey(admin, "after-takeover", List.of("*"));
    assertThat(status(nodeA, key)).isEqualTo(200);
    long recorded = ledgerEvents();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> summary(nodeA).path("totals").path("requests").asLong() == recorded);
    await().atMost(Duration.ofSeconds(10)).until(() -> keyListed(nodeA, ProxyNode.keyId(key)));
  }

  private static Map<String, String> segmentOwners() throws SQLException {
    Map<String, String> owners = new TreeMap<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT processor_name, segment, owner FROM token_entry")) {
      while (rows.next()) {
        owners.put(rows.getString(1) + "/" + rows.getInt(2), String.valueOf(rows.getString(3)));
      }
    }
    return owners;
  }

  private static long ledgerEvents() throws SQLException {
    try (Connection connection = database.connect();
        PreparedStatement statement =
            connection.prepareStatement("SELECT count(*) FROM domain_event_entry WHERE type = ?")) {
      statement.setString(1, AggregateTypes.USAGE_LEDGER);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static int status(ProxyNode node, String key) {
    return node.chat(key, "demo", "hi").returnResult(String.class).getStatus().value();
  }

  private static JsonNode summary(ProxyNode node) {
    return node.http()
        .get()
        .uri("/api/usage/summary")
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private static long totalTokens(ProxyNode node) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> summary(node), s -> s.path("totals").path("requests").asLong() == KEYS)
        .path("totals")
        .path("total_tokens")
        .asLong();
  }

  private static boolean keyListed(ProxyNode node, String keyId) {
    List<String> ids = new ArrayList<>();
    node.http()
        .get()
        .uri("/api/keys/{id}", keyId)
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectBody(JsonNode.class)
        .consumeWith(reply -> ids.add(String.valueOf(reply.getStatus().value())));
    return ids.contains("200");
  }
}
