package io.llmproxy.edge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.eventstore.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a walk over stored ledger events finds, and where. */
class LedgerChainWalkTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** An event as stored, with the link it carries (empty: none). */
  private record Row(StoredEvent event, Optional<ChainLink> link) {}

  @Test
  void intactChainsVerify() {
    List<Row> rows = new ArrayList<>(chain("usage-a", 3));
    rows.addAll(chain("usage-b", 2));

    VerificationReport report = walk(rows);

    assertThat(report.verified()).isTrue();
    assertThat(report.streams()).isEqualTo(2);
    assertThat(report.events()).isEqualTo(5);
    assertThat(report.legacyEvents()).isZero();
    assertThat(report.breaks()).isZero();
    assertThat(report.firstBreak()).isNull();
    assertThat(report.checkedAt()).isEqualTo(NOW);
  }

  @Test
  void anAlteredPayloadIsAHashMismatchAtThatEventOnly() {
    List<Row> rows = chain("usage-a", 4);
    rows.set(1, withPayload(rows.get(1), "{\"completionTokens\":6}"));

    VerificationReport report = walk(rows);

    assertThat(report.verified()).isFalse();
    assertThat(report.breaks()).isEqualTo(1);
    assertBreak(report, "usage-a", 1, ChainBreak.HASH_MISMATCH);
    assertThat(report.firstBreak().eventId()).isEqualTo(rows.get(1).event().eventId());
  }

  @Test
  void anEventAlteredWithARecomputedHashBreaksTheNextLink() {
    List<Row> rows = chain("usage-a", 3);
    Row altered = withPayload(rows.get(1), "{\"completionTokens\":6}");
    String previous = altered.link().orElseThrow().previous();
    rows.set(
        1,
        new Row(
            altered.event(),
            Optional.of(new ChainLink(previous, LedgerChain.hash(altered.event(), previous)))));

    VerificationReport report = walk(rows);

    assertThat(report.breaks()).isEqualTo(1);
    assertBreak(report, "usage-a", 2, ChainBreak.BROKEN_LINK);
  }

  @Test
  void aMissingEventIsAGapAtTheEventAfterIt() {
    List<Row> rows = chain("usage-a", 4);
    rows.remove(2);

    VerificationReport report = walk(rows);

    assertThat(report.breaks()).isEqualTo(1);
    assertBreak(report, "usage-a", 3, ChainBreak.GAP);
    assertThat(report.firstBreak().detail()).isEqualTo("expected sequence 2, found 3");
    assertThat(report.events()).isEqualTo(3);
  }

  @Test
  void aStreamThatDoesNotStartAtZeroHasAGap() {
    List<Row> rows = chain("usage-a", 3);
    rows.remove(0);

    assertBreak(walk(rows), "usage-a", 1, ChainBreak.GAP);
  }

  @Test
  void swappedPayloadsAreFoundAtTheFirstOfThem() {
    List<Row> rows = chain("usage-a", 3);
    byte[] first = rows.get(0).event().payload();
    rows.set(0, withPayload(rows.get(0), rows.get(2).event().payload()));
    rows.set(2, withPayload(rows.get(2), first));

    VerificationReport report = walk(rows);

    assertThat(report.breaks()).isEqualTo(2);
    assertBreak(report, "usage-a", 0, ChainBreak.HASH_MISMATCH);
  }

  @Test
  void eventsFromBeforeTheChainAreLegacyAndTheChainStartsAfterThemFromTheGenesis() {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(event("usage-a", 0, "{}"), Optional.empty()));
    rows.add(new Row(event("usage-a", 1, "{}"), Optional.empty()));
    rows.addAll(chainFrom("usage-a", 2, 2, LedgerChain.GENESIS));
    rows.add(new Row(event("usage-b", 0, "{}"), Optional.empty()));

    VerificationReport report = walk(rows);

    assertThat(report.verified()).isTrue();
    assertThat(report.legacyEvents()).isEqualTo(3);
    assertThat(report.events()).isEqualTo(5);
    assertThat(report.streams()).isEqualTo(2);
  }

  @Test
  void aChainAfterLegacyEventsMustStartFromTheGenesis() {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(event("usage-a", 0, "{}"), Optional.empty()));
    rows.addAll(chainFrom("usage-a", 1, 1, "cd".repeat(32)));

    assertBreak(walk(rows), "usage-a", 1, ChainBreak.BROKEN_LINK);
  }

  @Test
  void aStrippedLinkAfterAChainedEventIsAMissingChain() {
    List<Row> rows = chain("usage-a", 3);
    rows.set(1, new Row(rows.get(1).event(), Optional.empty()));

    VerificationReport report = walk(rows);

    assertThat(report.legacyEvents()).isZero();
    assertBreak(report, "usage-a", 1, ChainBreak.MISSING_CHAIN);
  }

  @Test
  void aChainThatDoesNotStartFromTheGenesisIsBroken() {
    assertBreak(
        walk(chainFrom("usage-a", 0, 2, "ef".repeat(32))), "usage-a", 0, ChainBreak.BROKEN_LINK);
  }

  @Test
  void theFirstBreakIsTheFirstInStreamOrderAndEveryBreakIsCounted() {
    List<Row> a = chain("usage-a", 3);
    List<Row> b = chain("usage-b", 3);
    a.set(2, withPayload(a.get(2), "{\"x\":1}"));
    b.remove(1);
    List<Row> rows = new ArrayList<>(a);
    rows.addAll(b);

    VerificationReport report = walk(rows);

    assertThat(report.breaks()).isEqualTo(2);
    assertBreak(report, "usage-a", 2, ChainBreak.HASH_MISMATCH);
  }

  private static VerificationReport walk(List<Row> rows) {
    ChainWalk walk = new ChainWalk();
    rows.forEach(row -> walk.accept(row.event(), row.link()));
    return walk.report(NOW);
  }

  private static void assertBreak(
      VerificationReport report, String stream, long sequence, String reason) {
    assertThat(report.verified()).isFalse();
    assertThat(report.firstBreak()).isNotNull();
    assertThat(report.firstBreak().stream()).isEqualTo(stream);
    assertThat(report.firstBreak().sequence()).isEqualTo(sequence);
    assertThat(report.firstBreak().reason()).isEqualTo(reason);
  }

  private static List<Row> chain(String stream, int length) {
    return chainFrom(stream, 0, length, LedgerChain.GENESIS);
  }

  private static List<Row> chainFrom(String stream, long first, int length, String previous) {
    List<Row> rows = new ArrayList<>();
    for (long sequence = first; sequence < first + length; sequence++) {
      StoredEvent event = event(stream, sequence, "{\"completionTokens\":" + sequence + "}");
      String hash = LedgerChain.hash(event, previous);
      rows.add(new Row(event, Optional.of(new ChainLink(previous, hash))));
      previous = hash;
    }
    return rows;
  }

  private static StoredEvent event(String stream, long sequence, String payload) {
    return LedgerEvents.event(
        stream,
        sequence,
        stream + "#" + sequence,
        "io.llmproxy.kernel.usage.UsageRecorded",
        null,
        "2026-03-01T09:00:0" + (sequence % 10) + "Z",
        payload.getBytes(StandardCharsets.UTF_8));
  }

  private static Row withPayload(Row row, String payload) {
    return withPayload(row, payload.getBytes(StandardCharsets.UTF_8));
  }

  private static Row withPayload(Row row, byte[] payload) {
    StoredEvent e = row.event();
    return new Row(
        LedgerEvents.event(
            e.aggregateId(),
            e.sequence(),
            e.eventId(),
            e.payloadType(),
            e.payloadRevision(),
            e.timestamp(),
            payload),
        row.link());
  }
}
