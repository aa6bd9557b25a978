package io.llmproxy.edge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.llmproxy.eventstore.EventAppends;
import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.EventUpcasting;
import io.llmproxy.eventstore.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.SqliteEventStore;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.sqlite.SQLiteDataSource;

/**
 * The ledger writer on a real SQLite file: each entry lands once, at the next sequence of its key's
 * stream, chained to the one before; verification over what it wrote finds the chains intact, and
 * finds an edit made to the file behind its back.
 */
class UsageLedgerTest {

  private static final Instant NOW = Instant.parse("2026-03-04T15:00:00Z");

  @TempDir Path folder;

  private final Serializer serializer = SqliteEventStore.eventSerializer();
  private final ChainMetaData chainMetaData = new ChainMetaData(serializer);
  private final List<UsageLedger> started = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private SQLiteDataSource database;
  private EventReads reads;
  private JdbcTemplate jdbc;

  @BeforeEach
  void createTheStore() {
    database = SqliteEventStore.in(folder);
    reads = new EventReads(database, new EventUpcasting(serializer, null));
    jdbc = new JdbcTemplate(database);
  }

  @AfterEach
  void stopTheWriters() {
    started.forEach(UsageLedger::stop);
  }

  @Test
  void appendsEachEntryAtTheNextSequenceOfItsKeysStreamChained() throws Exception {
    UsageLedger ledger = started(512);

    List<UsageRecorded> written = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      written.add(entry(i % 2 == 0 ? "k1" : "k2", i));
    }
    appendAll(ledger, written);

    assertThat(payloads("k1")).containsExactly(written.get(0), written.get(2), written.get(4));
    assertThat(payloads("k2")).containsExactly(written.get(1), written.get(3));
    List<StoredEvent> stream = reads.stream(UsageRecorded.ledgerStreamId("k1"));
    assertThat(stream).extracting(StoredEvent::sequence).containsExactly(0L, 1L, 2L);
    assertThat(stream)
        .extracting(StoredEvent::aggregateType)
        .containsOnly(AggregateTypes.USAGE_LEDGER);
    String previous = LedgerChain.GENESIS;
    for (StoredEvent event : stream) {
      ChainLink link = chainMetaData.read(event.metaData()).orElseThrow();
      assertThat(link.previous()).isEqualTo(previous);
      assertThat(link.hash()).isEqualTo(LedgerChain.hash(event, previous));
      previous = link.hash();
    }
    VerificationReport report = verifier(10_000).verify();
    assertThat(report.verified()).isTrue();
    assertThat(report.streams()).isEqualTo(2);
    assertThat(report.events()).isEqualTo(5);
    assertThat(report.legacyEvents()).isZero();
    assertThat(report.checkedAt()).isEqualTo(NOW);
  }

  @Test
  void aRestartedWriterContinuesEveryChainFromTheStore() throws Exception {
    UsageLedger first = started(512);
    appendAll(first, List.of(entry("k1", 0), entry("k1", 1)));
    first.stop();

    UsageLedger second = started(1);
    appendAll(second, List.of(entry("k1", 2), entry("k1", 3)));

    assertThat(reads.stream(UsageRecorded.ledgerStreamId("k1")))
        .extracting(StoredEvent::sequence)
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(verifier(10_000).verify().verified()).isTrue();
  }

  @Test
  void aStreamWithEventsFromBeforeTheChainContinuesAfterThemFromTheGenesis() throws Exception {
    new EventAppends(database).insert(List.of(legacy("k1", 0), legacy("k1", 1)));

    appendAll(started(512), List.of(entry("k1", 0)));

    StoredEvent chained = reads.stream(UsageRecorded.ledgerStreamId("k1")).get(2);
    assertThat(chained.sequence()).isEqualTo(2);
    assertThat(chainMetaData.read(chained.metaData()).orElseThrow().previous())
        .isEqualTo(LedgerChain.GENESIS);
    VerificationReport report = verifier(10_000).verify();
    assertThat(report.verified()).isTrue();
    assertThat(report.legacyEvents()).isEqualTo(2);
    assertThat(report.events()).isEqualTo(3);
  }

  @Test
  void aBatchRefusedOnAStaleHeadIsRetriedOnTheStoredOne() throws Exception {
    UsageLedger ledger = started(512);
    appendAll(ledger, List.of(entry("k1", 0)));
    // another writer appends sequence 1 behind this one's back: its remembered head is stale
    new EventAppends(database).insert(List.of(legacy("k1", 1)));

    appendAll(ledger, List.of(entry("k1", 1)));

    assertThat(reads.stream(UsageRecorded.ledgerStreamId("k1")))
        .extracting(StoredEvent::sequence)
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void anEntryTheStoreCannotTakeFailsItsCallerWithLedgerUnavailable() {
    UsageLedger ledger = started(512);
    jdbc.execute("DROP TABLE domain_event_entry");

    Throwable failure =
        catchThrowable(() -> ledger.append(entry("k1", 0)).get(30, TimeUnit.SECONDS));

    assertThat(failure)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessage("usage could not be recorded");
  }

  @Test
  void aBatchTakesAtMostItsLimitAndEveryBatchIsMeasured() throws Exception {
    UsageLedger ledger = started(2);
    List<UsageRecorded> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(entry("k" + (i % 4), i));
    }

    appendAll(ledger, entries);

    DistributionSummary batches = meters.get("llmproxy.usage.ledger.batch.size").summary();
    assertThat(batches.totalAmount()).isEqualTo(40);
    assertThat(batches.max()).isLessThanOrEqualTo(2);
    assertThat(batches.count()).isGreaterThanOrEqualTo(20);
  }

  @Test
  void stopWaitsForWhatItHasAcceptedToBeCommitted() {
    UsageLedger ledger = ledger(512);
    ledger.stop(); // never started: nothing to wait for
    ledger.start();
    started.add(ledger);
    List<CompletableFuture<Void>> appended = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      appended.add(ledger.append(entry("k" + (i % 7), i)));
    }

    ledger.stop();

    assertThat(appended).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
    assertThat(reads.inGlobalOrder(-1, 1_000)).hasSize(300);
  }

  @Test
  void takesNothingBeforeStartOrAfterStop() throws Exception {
    UsageLedger ledger = ledger(512);
    assertThat(ledger.isRunning()).isFalse();
    assertRefused(ledger.append(entry("k1", 0)));

    ledger.start();
    started.add(ledger);
    assertThat(ledger.isRunning()).isTrue();
    ledger.append(entry("k1", 0)).get(30, TimeUnit.SECONDS);
    ledger.stop();

    assertThat(ledger.isRunning()).isFalse();
    assertRefused(ledger.append(entry("k1", 1)));
    assertThat(reads.stream(UsageRecorded.ledgerStreamId("k1"))).hasSize(1);
  }

  @Test
  void verificationWalksEveryPageAndFindsAnEditedRow() throws Exception {
    List<UsageRecorded> entries = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      entries.add(entry("k" + (i % 3), i));
    }
    appendAll(started(0), entries);
    jdbc.update(
        "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND"
            + " sequence_number = 1",
        "{}".getBytes(StandardCharsets.UTF_8),
        UsageRecorded.ledgerStreamId("k1"));

    for (int pageSize : new int[] {0, 1, 2, 7, 10_000}) {
      VerificationReport report = verifier(pageSize).verify();
      assertThat(report.events()).as("page size %d", pageSize).isEqualTo(7);
      assertThat(report.streams()).isEqualTo(3);
      assertThat(report.verified()).isFalse();
      assertThat(report.breaks()).isEqualTo(1);
      assertThat(report.firstBreak().stream()).isEqualTo(UsageRecorded.ledgerStreamId("k1"));
      assertThat(report.firstBreak().sequence()).isEqualTo(1);
      assertThat(report.firstBreak().reason()).isEqualTo(ChainBreak.HASH_MISMATCH);
    }
  }

  @Test
  void anEmptyLedgerVerifies() {
    VerificationReport report = verifier(1).verify();

    assertThat(report.verified()).isTrue();
    assertThat(report.events()).isZero();
    assertThat(report.streams()).isZero();
  }

  private static void assertRefused(CompletableFuture<Void> append) {
    assertThat(catchThrowable(() -> append.get(30, TimeUnit.SECONDS)))
        .cause()
        .isInstanceOf(LedgerUnavailableException.class)
        .hasMessage("usage ledger is not accepting entries");
  }

  private UsageLedger started(int maxBatch) {
    UsageLedger ledger = ledger(maxBatch);
    ledger.start();
    started.add(ledger);
    return ledger;
  }

  private UsageLedger ledger(int maxBatch) {
    return new UsageLedger(
        new LedgerRows(new EventAppends(database), chainMetaData),
        new LedgerEntries(serializer, chainMetaData),
        database,
        maxBatch,
        meters);
  }

  private LedgerVerifier verifier(int pageSize) {
    return new LedgerVerifier(reads, chainMetaData, Clock.fixed(NOW, ZoneOffset.UTC), pageSize);
  }

  private static void appendAll(UsageLedger ledger, List<UsageRecorded> entries) throws Exception {
    List<CompletableFuture<Void>> appended = new ArrayList<>();
    entries.forEach(entry -> appended.add(ledger.append(entry)));
    CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
  }

  private List<UsageRecorded> payloads(String keyId) {
    return reads
        .payloads(reads.stream(UsageRecorded.ledgerStreamId(keyId)), UsageRecorded.class)
        .toList();
  }

  private static StoredEvent legacy(String keyId, long sequence) {
    return StoredEvent.unstored(
        AggregateTypes.USAGE_LEDGER,
        UsageRecorded.ledgerStreamId(keyId),
        sequence,
        "legacy-" + keyId + "-" + sequence,
        NOW,
        UsageRecorded.class.getName(),
        null,
        "{}".getBytes(StandardCharsets.UTF_8));
  }

  private static UsageRecorded entry(String keyId, int n) {
    return new UsageRecorded(
        "req-" + n,
        keyId,
        "alias",
        "openai",
        "gpt-4o",
        TokenUsage.of(10 + n, 5),
        false,
        UsageOutcome.SUCCESS,
        12,
        NOW.plusSeconds(n),
        "chat.completions",
        false,
        null,
        new BigDecimal("0.0000" + (n + 1)),
        "gpt-4o#1",
        null,
        1,
        false);
  }
}
