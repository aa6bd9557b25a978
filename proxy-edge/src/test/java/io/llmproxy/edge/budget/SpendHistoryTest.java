package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.eventstore.EventAppends;
import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.EventUpcasting;
import io.llmproxy.eventstore.StoredEvent;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.SqliteEventStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** What a key or team has spent since a moment, summed exactly from ledger rows in SQLite. */
class SpendHistoryTest {

  private static final Instant SINCE = Instant.parse("2026-03-04T00:00:00Z");

  @TempDir Path folder;

  private final Serializer serializer = SqliteEventStore.eventSerializer();
  private final Map<String, Long> sequences = new HashMap<>();
  private EventAppends appends;
  private SpendHistory history;

  @BeforeEach
  void createTheStore() {
    SQLiteDataSource database = SqliteEventStore.in(folder);
    appends = new EventAppends(database);
    history = new SpendHistory(new EventReads(database, new EventUpcasting(serializer, null)));
  }

  @Test
  void aKeysSpendIsItsOwnStreamsCostsMadeSinceThen() {
    stored(
        entry("k1", null, "100", SINCE.minusMillis(1)),
        entry("k1", null, "0.1", SINCE),
        entry("k1", "t1", "0.0000002", SINCE.plusSeconds(3_600)),
        entry("k1", null, null, SINCE.plusSeconds(7_200)),
        entry("k2", null, "7", SINCE.plusSeconds(60)));

    assertThat(history.spentSince(BudgetScope.KEY, "k1", SINCE)).isEqualByComparingTo("0.1000002");
    assertThat(history.spentSince(BudgetScope.KEY, "k3", SINCE)).isEqualByComparingTo("0");
  }

  @Test
  void aTeamsSpendIsEveryEntryNamingItSinceThen() {
    stored(
        entry("k1", "t1", "1.5", SINCE),
        entry("k2", "t1", "2.25", SINCE.plusSeconds(60)),
        entry("k2", "t1", "50", SINCE.minusSeconds(1)),
        entry("k3", "t2", "10", SINCE.plusSeconds(60)),
        entry("k4", null, "20", SINCE.plusSeconds(60)),
        entry("k1", "t1", null, SINCE.plusSeconds(90)));

    assertThat(history.spentSince(BudgetScope.TEAM, "t1", SINCE)).isEqualByComparingTo("3.75");
    assertThat(history.spentSince(BudgetScope.TEAM, "t2", SINCE)).isEqualByComparingTo("10");
  }

  private void stored(UsageRecorded... entries) {
    for (UsageRecorded entry : entries) {
      String stream = UsageRecorded.ledgerStreamId(entry.keyId());
      long sequence = sequences.merge(stream, 0L, (last, zero) -> last + 1);
      SerializedObject<byte[]> payload = serializer.serialize(entry, byte[].class);
      appends.insert(
          List.of(
              StoredEvent.unstored(
                  AggregateTypes.USAGE_LEDGER,
                  stream,
                  sequence,
                  UUID.randomUUID().toString(),
                  Instant.now(),
                  payload.getType().getName(),
                  payload.getType().getRevision(),
                  payload.getData())));
    }
  }

  private static UsageRecorded entry(String keyId, String teamId, String cost, Instant at) {
    return new UsageRecorded(
        "req",
        keyId,
        "alias",
        "openai",
        "gpt-4o",
        TokenUsage.of(1, 1),
        false,
        UsageOutcome.SUCCESS,
        1,
        at,
        "chat.completions",
        false,
        null,
        cost == null ? null : new BigDecimal(cost),
        null,
        teamId,
        1,
        false);
  }
}
