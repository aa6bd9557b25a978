package io.llmproxy.edge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.eventstore.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical form of a ledger event's chain hash, which stored chains depend on. */
class LedgerChainHashTest {

  private static final String PREVIOUS = "ab".repeat(32);
  private static final StoredEvent EVENT =
      LedgerEvents.event(
          "usage-k1",
          7,
          "7f1c4a52-0d8e-4f7e-9a51-3c1e0b7d2a10",
          "io.llmproxy.kernel.usage.UsageRecorded",
          null,
          "2026-03-01T10:15:30.123Z",
          "{\"usage\":{\"promptTokens\":17}}".getBytes(StandardCharsets.UTF_8));

  @Test
  void isSha256OverTheDocumentedLengthPrefixedFields() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("llm-proxy/usage-ledger-chain/v1".getBytes(StandardCharsets.UTF_8));
    writeText(out, "usage-k1");
    out.writeLong(7);
    writeText(out, "7f1c4a52-0d8e-4f7e-9a51-3c1e0b7d2a10");
    writeText(out, "io.llmproxy.kernel.usage.UsageRecorded");
    out.writeInt(-1); // no revision
    writeText(out, "2026-03-01T10:15:30.123Z");
    writeText(out, "{\"usage\":{\"promptTokens\":17}}");
    writeText(out, PREVIOUS);

    assertThat(LedgerChain.hash(EVENT, PREVIOUS)).isEqualTo(sha256Hex(bytes.toByteArray()));
  }

  @Test
  void encodesASequenceBeyondIntAndAFieldBeyond64KiBInFull() throws IOException {
    byte[] payload = "x".repeat(70_000).getBytes(StandardCharsets.UTF_8);
    long sequence = (1L << 32) + 7;
    StoredEvent large =
        LedgerEvents.event("usage-k1", sequence, "e-1", "T", "2", "2026-03-01T10:15:30Z", payload);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("llm-proxy/usage-ledger-chain/v1".getBytes(StandardCharsets.UTF_8));
    writeText(out, "usage-k1");
    out.writeLong(sequence);
    writeText(out, "e-1");
    writeText(out, "T");
    writeText(out, "2");
    writeText(out, "2026-03-01T10:15:30Z");
    out.writeInt(payload.length);
    out.write(payload);
    writeText(out, PREVIOUS);

    assertThat(LedgerChain.hash(large, PREVIOUS)).isEqualTo(sha256Hex(bytes.toByteArray()));
  }

  @Test
  void staysTheSameForTheSameEvent() {
    // pinned: a different value here means every stored chain would fail verification
    assertThat(LedgerChain.hash(EVENT, LedgerChain.GENESIS))
        .isEqualTo("687b4bd103d3863540ee6a5198ed038c1b3766c9c3e69d5ad66a8736d5730e8f")
        .matches("[0-9a-f]{64}");
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change("stream", e -> with(e, "usage-k2", e.sequence(), e.eventId(), e.payloadRevision())),
        change("sequence", e -> with(e, e.aggregateId(), 8, e.eventId(), e.payloadRevision())),
        change(
            "event id", e -> with(e, e.aggregateId(), e.sequence(), "other", e.payloadRevision())),
        change("revision", e -> with(e, e.aggregateId(), e.sequence(), e.eventId(), "1")),
        change("empty revision", e -> with(e, e.aggregateId(), e.sequence(), e.eventId(), "")),
        change(
            "payload type",
            e ->
                LedgerEvents.event(
                    e.aggregateId(),
                    e.sequence(),
                    e.eventId(),
                    "Other",
                    e.payloadRevision(),
                    e.timestamp(),
                    e.payload())),
        change(
            "timestamp",
            e ->
                LedgerEvents.event(
                    e.aggregateId(),
                    e.sequence(),
                    e.eventId(),
                    e.payloadType(),
                    e.payloadRevision(),
                    "2026-03-01T10:15:30.124Z",
                    e.payload())),
        change(
            "one payload byte",
            e -> {
              byte[] payload = e.payload().clone();
              payload[payload.length - 3]++;
              return LedgerEvents.event(
                  e.aggregateId(),
                  e.sequence(),
                  e.eventId(),
                  e.payloadType(),
                  e.payloadRevision(),
                  e.timestamp(),
                  payload);
            }),
        // a character moved across the border of two fields must not hash alike
        change(
            "field border",
            e -> with(e, "usage-k17", e.sequence(), e.eventId().substring(1), null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void changesWithEveryCoveredField(String field, UnaryOperator<StoredEvent> change) {
    assertThat(LedgerChain.hash(change.apply(EVENT), PREVIOUS))
        .isNotEqualTo(LedgerChain.hash(EVENT, PREVIOUS));
  }

  @Test
  void changesWithThePredecessor() {
    assertThat(LedgerChain.hash(EVENT, LedgerChain.GENESIS))
        .isNotEqualTo(LedgerChain.hash(EVENT, PREVIOUS));
  }

  private static Arguments change(String field, UnaryOperator<StoredEvent> change) {
    return Arguments.of(field, change);
  }

  private static StoredEvent with(
      StoredEvent e, String stream, long sequence, String eventId, String revision) {
    return LedgerEvents.event(
        stream, sequence, eventId, e.payloadType(), revision, e.timestamp(), e.payload());
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
