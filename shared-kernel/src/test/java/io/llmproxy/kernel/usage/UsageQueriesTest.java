package io.llmproxy.kernel.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageQueriesTest {

  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void aSummaryWithoutGroupingFilterOrZoneIsUngroupedUnfilteredAndUtc() {
    var summary = new FetchUsageSummary(FROM, null, null, null, null);
    assertThat(summary.groupBy()).isEmpty();
    assertThat(summary.filter()).isEqualTo(UsageFilter.NONE);
    assertThat(summary.zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void aSummaryKeepsWhatItIsGiven() {
    var filter = new UsageFilter("k1", null, null, null, null);
    var summary = new FetchUsageSummary(FROM, null, List.of(UsageGrouping.KEY), filter, PARIS);
    assertThat(summary.groupBy()).containsExactly(UsageGrouping.KEY);
    assertThat(summary.filter()).isEqualTo(filter);
    assertThat(summary.zone()).isEqualTo(PARIS);
  }

  @Test
  void aTimeSeriesIsByDayOrHourOnly() {
    var byHour = new FetchUsageTimeSeries(FROM, null, UsageGrouping.HOUR, null, null);
    assertThat(byHour.filter()).isEqualTo(UsageFilter.NONE);
    assertThat(byHour.zone()).isEqualTo(ZoneOffset.UTC);
    var filter = new UsageFilter("k1", null, null, null, null);
    var byDay = new FetchUsageTimeSeries(FROM, null, UsageGrouping.DAY, filter, PARIS);
    assertThat(byDay.filter()).isEqualTo(filter);
    assertThat(byDay.zone()).isEqualTo(PARIS);
    assertThatThrownBy(() -> new FetchUsageTimeSeries(FROM, null, UsageGrouping.KEY, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeysLedgerHasItsOwnStream() {
    assertThat(UsageRecorded.ledgerStreamId("k1")).isEqualTo("usage-k1");
  }
}
