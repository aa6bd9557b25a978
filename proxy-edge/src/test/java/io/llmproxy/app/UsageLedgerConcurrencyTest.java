package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.edge.ledger.LedgerVerifier;
import io.llmproxy.edge.ledger.VerificationReport;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Many concurrent requests: every one lands in its key's ledger stream exactly once, the streams
 * have no sequence gaps and intact hash chains, and the writer shared commits between requests
 * (group commit).
 */
@EndToEnd
class UsageLedgerConcurrencyTest {

  private static final int KEYS = 3;
  private static final int REQUESTS_PER_KEY = 100;

  @TempDir Path dataDir;

  @Test
  void concurrentRequestsAreEachRecordedOnceInGapFreeStreams() {
    try (ProxyNode node =
        ProxyNode.start(dataDir, Map.of("llmproxy.providers.mock.latency", "5ms"))) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-1");
      List<String> keys =
          IntStream.range(0, KEYS)
              .mapToObj(i -> node.issueKey(admin, "k" + i, List.of("*")))
              .toList();

      WebClient client = WebClient.create(node.baseUrl());
      List<Integer> statuses =
          Flux.range(0, KEYS * REQUESTS_PER_KEY)
              .flatMap(
                  i ->
                      client
                          .post()
                          .uri("/v1/chat/completions")
                          .header("Authorization", "Bearer " + keys.get(i % KEYS))
                          .contentType(MediaType.APPLICATION_JSON)
                          .bodyValue(
                              Map.of(
                                  "model",
                                  "demo",
                                  "messages",
                                  List.of(Map.of("role", "user", "content", "n" + i))))
                          .retrieve()
                          .toEntity(String.class)
                          .map(response -> response.getStatusCode().value()),
                  100)
              .collectList()
              .block(Duration.ofSeconds(60));
      assertThat(statuses).hasSize(KEYS * REQUESTS_PER_KEY).containsOnly(200);

      Set<String> requestIds = new HashSet<>();
      for (String key : keys) {
        List<? extends DomainEventMessage<?>> stream =
            node.bean(EventStore.class)
                .readEvents(UsageRecorded.ledgerStreamId(ProxyNode.keyId(key)))
                .asStream()
                .toList();
        assertThat(stream).hasSize(REQUESTS_PER_KEY);
        assertThat(stream)
            .extracting(DomainEventMessage::getSequenceNumber)
            .containsExactlyElementsOf(
                IntStream.range(0, REQUESTS_PER_KEY).mapToObj(Long::valueOf).toList());
        stream.forEach(m -> requestIds.add(((UsageRecorded) m.getPayload()).requestId()));
      }
      assertThat(requestIds).hasSize(KEYS * REQUESTS_PER_KEY);
      VerificationReport chains = node.bean(LedgerVerifier.class).verify();
      assertThat(chains.verified()).as("hash chains").isTrue();
      assertThat(chains.events()).isEqualTo(KEYS * REQUESTS_PER_KEY);

      DistributionSummary batches =
          node.bean(MeterRegistry.class).get("llmproxy.usage.ledger.batch.size").summary();
      assertThat((long) batches.totalAmount()).isEqualTo(KEYS * REQUESTS_PER_KEY);
      assertThat(batches.max()).as("largest group commit").isGreaterThan(1);
      assertThat(batches.count()).as("transactions").isLessThan(KEYS * REQUESTS_PER_KEY);

      WalkingSkeletonEndToEndTest.awaitSummary(node, admin, KEYS * REQUESTS_PER_KEY);
    }
  }
}
