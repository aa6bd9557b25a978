package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.app.commandline.GenerateUsageCommand;
import io.llmproxy.app.storage.ReadModelRebuild;
import io.llmproxy.edge.ledger.UsageLedger;
import io.llmproxy.edge.ledger.synthetic.SyntheticUsageSettings;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** Synthetic usage for a node, and the ways report tests wait for and read its reports. */
public final class Reports {

  public static final ObjectMapper JSON = new ObjectMapper();

  private Reports() {}

  public static void fill(ProxyNode node, SyntheticUsageSettings settings)
      throws InterruptedException {
    GenerateUsageCommand.append(node.bean(UsageLedger.class), settings);
    caughtUp(node);
  }

  /**
   * Waits until both usage projections (the report tables and the older rollups behind statements
   * and the audit replay) have handled the store's last event, which is a usage event in these
   * tests.
   */
  public static void caughtUp(ProxyNode node) throws InterruptedException {
    ReadModelRebuild rebuild = node.bean(ReadModelRebuild.class);
    long head = rebuild.head();
    for (String name : List.of("usage-reports", "usage-rollups")) {
      StreamingEventProcessor processor =
          node.bean(EventProcessingConfiguration.class)
              .eventProcessor(name, StreamingEventProcessor.class)
              .orElseThrow();
      rebuild.awaitPosition(processor, head, Duration.ofSeconds(60));
    }
  }

  /** Every usage entry in the event store, straight from the store. */
  public static List<UsageRecorded> ledger(ProxyNode node) {
    List<UsageRecorded> entries = new ArrayList<>();
    try (BlockingStream<TrackedEventMessage<?>> stream =
        node.bean(EventStore.class).openStream(null)) {
      while (stream.hasNextAvailable()) {
        if (stream.nextAvailable().getPayload() instanceof UsageRecorded entry) {
          entries.add(entry);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return entries;
  }

  public static JsonNode get(ProxyNode node, String admin, String uri) {
    byte[] body = bytes(node, admin, uri);
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] bytes(ProxyNode node, String admin, String uri) {
    return node.http()
        .mutate()
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(64 << 20))
        .build()
        .get()
        // already encoded: a URI template would encode the '%' of "%2B" once more
        .uri(URI.create(node.baseUrl() + uri))
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .returnResult()
        .getResponseBody();
  }
}
