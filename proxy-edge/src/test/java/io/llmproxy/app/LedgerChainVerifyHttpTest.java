package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.StoredLedger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/audit/verify} over real HTTP: usage recorded through the proxy verifies; rows
 * then changed, deleted or swapped in the SQLite file behind the node's back are found after a
 * restart, and the ledger goes on chaining new entries.
 */
@EndToEnd
class LedgerChainVerifyHttpTest {

  private static final String VIEWER_PASSWORD = "a long enough password";

  @TempDir Path dataDir;

  @Test
  void aChangedTokenCountIsFoundAndNewEntriesChainOn() {
    String first;
    String second;
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-1");
      first = node.issueKey(admin, "first", List.of("*"));
      second = node.issueKey(admin, "second", List.of("*"));
      chat(node, first, false);
      chat(node, first, true);
      chat(node, first, false);
      chat(node, second, true);
      chat(node, second, false);

      JsonNode report = verify(node, admin);
      assertThat(report.path("verified").asBoolean()).isTrue();
      assertThat(report.path("streams").asLong()).isEqualTo(2);
      assertThat(report.path("events").asLong()).isEqualTo(5);
      assertThat(report.path("legacy_events").asLong()).isZero();
      assertThat(report.path("breaks").asLong()).isZero();
      assertThat(report.path("checked_at").asText()).isNotBlank();
      assertThat(report.has("first_break")).isTrue();
      assertThat(report.path("first_break").isNull()).isTrue();

      node.createUser(admin, "auditor", "viewer", VIEWER_PASSWORD);
      String viewer = node.login("auditor", VIEWER_PASSWORD);
      assertThat(verify(node, viewer).path("verified").asBoolean()).isTrue();
      node.http().get().uri("/api/audit/verify").exchange().expectStatus().isUnauthorized();
    }

    StoredLedger stored = new StoredLedger(dataDir);
    stored.addCompletionToken(keyId(first), 1);
    // the second key's entries now look as if written before the chain existed
    stored.removeChainLinks(keyId(second));

    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      JsonNode report = verify(node, admin);
      assertThat(report.path("verified").asBoolean()).isFalse();
      assertThat(report.path("events").asLong()).isEqualTo(5);
      assertThat(report.path("legacy_events").asLong()).isEqualTo(2);
      assertThat(report.path("breaks").asLong()).isEqualTo(1);
      assertBreak(report, first, 1, "hash mismatch", stored.row(keyId(first), 1).eventId());

      // after a restart the writer continues each chain from what is stored: the first key's from
      // its last event's hash, the second's afresh from the genesis after its legacy entries
      chat(node, first, true);
      chat(node, second, false);
      JsonNode after = verify(node, admin);
      assertThat(after.path("events").asLong()).isEqualTo(7);
      assertThat(after.path("legacy_events").asLong()).isEqualTo(2);
      assertThat(after.path("breaks").asLong()).isEqualTo(1);
      assertBreak(after, first, 1, "hash mismatch", stored.row(keyId(first), 1).eventId());
    }
  }

  @Test
  void aMissingEventIsAGapAndSwappedPayloadsAreFound() {
    String key;
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-1");
      key = node.issueKey(admin, "only", List.of("*"));
      chat(node, key, false);
      chat(node, key, true);
      chat(node, key, false);
      chat(node, key, true);
      assertThat(verify(node, admin).path("verified").asBoolean()).isTrue();
    }

    StoredLedger stored = new StoredLedger(dataDir);
    StoredLedger.Row deleted = stored.row(keyId(key), 1);
    stored.delete(keyId(key), 1);
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      JsonNode report = verify(node, node.login());
      assertThat(report.path("verified").asBoolean()).isFalse();
      assertThat(report.path("events").asLong()).isEqualTo(3);
      assertThat(report.path("breaks").asLong()).isEqualTo(1);
      assertBreak(report, key, 2, "gap", stored.row(keyId(key), 2).eventId());
      assertThat(report.path("first_break").path("detail").asText())
          .isEqualTo("expected sequence 1, found 2");
    }

    // the row put back mends the gap; two payloads trading places is found at the first of them
    stored.insert(deleted);
    StoredLedger.Row zero = stored.row(keyId(key), 0);
    StoredLedger.Row two = stored.row(keyId(key), 2);
    stored.setPayload(keyId(key), 0, two.payload());
    stored.setPayload(keyId(key), 2, zero.payload());
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      JsonNode report = verify(node, node.login());
      assertThat(report.path("verified").asBoolean()).isFalse();
      assertThat(report.path("events").asLong()).isEqualTo(4);
      assertThat(report.path("breaks").asLong()).isEqualTo(2);
      assertBreak(report, key, 0, "hash mismatch", zero.eventId());
    }
  }

  private static void chat(ProxyNode node, String key, boolean streamed) {
    node.chat(
            key,
            Map.of(
                "model",
                "demo",
                "stream",
                streamed,
                "messages",
                List.of(Map.of("role", "user", "content", "hi"))))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult();
  }

  private static JsonNode verify(ProxyNode node, String token) {
    return node.http()
        .get()
        .uri("/api/audit/verify")
        .header("Authorization", "Bearer " + token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private static void assertBreak(
      JsonNode report, String key, long sequence, String reason, String eventId) {
    JsonNode found = report.path("first_break");
    assertThat(found.path("stream").asText()).isEqualTo(UsageRecorded.ledgerStreamId(keyId(key)));
    assertThat(found.path("sequence").asLong()).isEqualTo(sequence);
    assertThat(found.path("reason").asText()).isEqualTo(reason);
    assertThat(found.path("event_id").asText()).isEqualTo(eventId);
  }
}
