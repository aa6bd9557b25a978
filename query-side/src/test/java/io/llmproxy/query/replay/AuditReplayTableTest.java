package io.llmproxy.query.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.kernel.usage.UsageTotals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's own bucketing and sums, which must agree with the projection's. */
class AuditReplayTableTest {

  @Test
  void hoursAndDaysAreWholeUtcPeriodsAlsoBefore1970() {
    UsageRecorded late = entry(Instant.parse("2026-11-26T23:59:59.999Z"), "team-1", false, "1");
    assertThat(rows(ReplayTable.KEY_ALIAS_HOURLY, late))
        .containsExactly(List.of("key-1", "gpt", seconds("2026-11-26T23:00:00Z")));
    assertThat(rows(ReplayTable.PROVIDER_MODEL_DAILY, late))
        .containsExactly(List.of("openai", "gpt-4o-mini", seconds("2026-11-26T00:00:00Z")));
    UsageRecorded early = entry(Instant.parse("1969-12-31T23:30:00Z"), null, false, "1");
    assertThat(rows(ReplayTable.KEY_ALIAS_HOURLY, early))
        .containsExactly(List.of("key-1", "gpt", seconds("1969-12-31T23:00:00Z")));
  }

  @Test
  void aKeyWithoutATeamHasNoTeamRowsAndAKeyInATeamAddsToBothOwners() {
    Instant at = Instant.parse("2026-11-26T10:15:00Z");
    assertThat(rows(ReplayTable.TEAM_ALIAS_DAILY, entry(at, null, false, "1"))).isEmpty();
    assertThat(rows(ReplayTable.OWNER_MODEL_DAILY, entry(at, null, false, "1"))).hasSize(1);
    assertThat(rows(ReplayTable.OWNER_MODEL_DAILY, entry(at, "team-1", false, "1")))
        .extracting(row -> row.get(0) + ":" + row.get(1))
        .containsExactly("key:key-1", "team:team-1");
  }

  @Test
  void dimensionsAreShownWithTimesAsInstants() {
    assertThat(
            ReplayTable.KEY_ALIAS_HOURLY.describe(
                List.of("key-1", "gpt", seconds("2026-11-26T10:00:00Z"))))
        .containsExactly(
            java.util.Map.entry("key", "key-1"),
            java.util.Map.entry("alias", "gpt"),
            java.util.Map.entry("hour", "2026-11-26T10:00:00Z"));
  }

  @Test
  void aRetriedAttemptAddsItsTokensButNoRequestAndAnUnpricedOneAddsNoCost() {
    Tally tally = new Tally();
    Instant at = Instant.parse("2026-11-26T10:15:00Z");
    tally.add(entry(at, null, true, "0.000001"));
    tally.add(entry(at, null, false, "0.00000555"));
    tally.add(entry(at, null, false, null));
    UsageTotals totals = tally.totals();
    assertThat(tally.entries()).isEqualTo(3);
    assertThat(totals.requests()).isEqualTo(2);
    assertThat(totals.promptTokens()).isEqualTo(51);
    assertThat(totals.cachedTokens()).isEqualTo(30);
    assertThat(totals.cost()).isEqualByComparingTo("0.00000655");
    assertThat(totals.unpricedEntries()).isOne();
  }

  @Test
  void costsDifferOnlyByValueNotByScale() {
    UsageTotals tenCents = totals("0.10");
    assertThat(Figure.COST.differs(tenCents, totals("0.1"))).isFalse();
    assertThat(Figure.COST.differs(tenCents, totals("0.100000000000000001"))).isTrue();
    assertThat(Figure.REQUESTS.differs(tenCents, totals("0.1"))).isFalse();
  }

  private static UsageTotals totals(String cost) {
    return new UsageTotals(1, 2, 3, 5, 0, 0, new BigDecimal(cost), 0);
  }

  private static List<List<String>> rows(ReplayTable table, UsageRecorded entry) {
    List<List<String>> rows = new ArrayList<>();
    table.rowsOf(entry, rows::add);
    return rows;
  }

  private static String seconds(String instant) {
    return Long.toString(Instant.parse(instant).getEpochSecond());
  }

  private static UsageRecorded entry(Instant at, String teamId, boolean retried, String cost) {
    return new UsageRecorded(
        "req-1",
        "key-1",
        "gpt",
        "openai",
        "gpt-4o-mini",
        new TokenUsage(17, 5, 22, 10, 0),
        false,
        UsageOutcome.SUCCESS,
        10,
        at,
        "chat.completions",
        false,
        null,
        cost == null ? null : new BigDecimal(cost),
        "v1",
        teamId,
        1,
        retried);
  }
}
