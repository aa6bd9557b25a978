package io.llmproxy.query.reports;

import static io.llmproxy.query.reports.ReportTablesFixture.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.FetchRequestLog;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.paging.Page;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request log as the projection writes it to real SQLite and the log queries read it. */
class RequestLogQueriesTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:10:00.123456Z");
  private static final RequestLogFilter EVERYTHING =
      new RequestLogFilter(null, null, UsageFilter.NONE, null, true);

  @TempDir Path folder;

  private RequestLogQueries log;

  /** A streamed, estimated, retried attempt without a team: every flag and nullable column set. */
  private static final UsageRecorded RETRIED =
      new UsageRecorded(
          "r1",
          "k1",
          "fast",
          "anthropic",
          "claude-x",
          new TokenUsage(100, 7, 107, 30, 20),
          true,
          UsageOutcome.UPSTREAM_ERROR,
          321,
          AT,
          "chat.completions",
          true,
          45L,
          new BigDecimal("0.0000125"),
          "v1",
          null,
          2,
          true);

  @BeforeEach
  void setUp() throws Exception {
    var tables = new ReportTablesFixture(folder);
    // positions 5 and 7: SQLite would number rows 1, 2 by itself if the position were not written
    tables.record(5, RETRIED, entry("r1", "k1", "team-1", "fast", AT.plusSeconds(1), null));
    log = new RequestLogQueries(tables.dataSource);
  }

  @Test
  void everyColumnOfAnEntryIsReadBackAsWritten() {
    List<RequestLogEntry> rows = rows(EVERYTHING);

    assertThat(rows).extracting(RequestLogEntry::position).containsExactly(7L, 5L);
    RequestLogEntry retried = rows.get(1);
    assertThat(retried)
        .usingRecursiveComparison()
        .ignoringFields("eventId")
        .isEqualTo(
            new RequestLogEntry(
                5,
                "r1",
                AT,
                "k1",
                null,
                "fast",
                "anthropic",
                "claude-x",
                "chat.completions",
                true,
                100,
                7,
                107,
                30,
                20,
                "0.0000125",
                321,
                45L,
                "upstream_error",
                true,
                2,
                true,
                null));
    RequestLogEntry last = rows.get(0);
    assertThat(last.teamId()).isEqualTo("team-1");
    assertThat(last.timeToFirstTokenMs()).isNull();
    assertThat(last.streamed()).isFalse();
    assertThat(last.estimated()).isFalse();
    assertThat(last.retried()).isFalse();
    assertThat(last.cost()).isNull();
  }

  @Test
  void retriedAttemptsAreLeftOutUnlessAsked() {
    var finalOnly = new RequestLogFilter(null, null, UsageFilter.NONE, "r1", false);
    assertThat(rows(finalOnly)).extracting(RequestLogEntry::position).containsExactly(7L);
    var another = new RequestLogFilter(null, null, UsageFilter.NONE, "r2", true);
    assertThat(rows(another)).isEmpty();
  }

  @Test
  void pagesContinueAfterTheirCursorAndEndAtTheLastRow() {
    var first = page(EVERYTHING, null);
    assertThat(first.data()).extracting(RequestLogEntry::position).containsExactly(7L);
    assertThat(first.hasMore()).isTrue();
    var second = page(EVERYTHING, first.nextCursor());
    assertThat(second.data()).extracting(RequestLogEntry::position).containsExactly(5L);
    assertThat(second.hasMore()).isFalse();
  }

  @Test
  void theTimeRangeIncludesItsStartAndExcludesItsEnd() {
    var firstOnly = new RequestLogFilter(AT, AT.plusSeconds(1), UsageFilter.NONE, null, true);
    assertThat(rows(firstOnly)).extracting(RequestLogEntry::position).containsExactly(5L);
  }

  @Test
  void theCsvExportShowsEveryColumnAndLeavesAbsentValuesEmpty() {
    assertThat(RequestLogCsv.rows(rows(EVERYTHING)))
        .isEqualTo(
            "r1,2026-03-01T10:10:01.123456Z,k1,team-1,fast,openai,gpt-4o-mini,chat.completions,"
                + "false,100,10,110,40,5,,250,,success,false,1,false\r\n"
                + "r1,2026-03-01T10:10:00.123456Z,k1,,fast,anthropic,claude-x,chat.completions,"
                + "true,100,7,107,30,20,0.0000125,321,45,upstream_error,true,2,true\r\n");
  }

  private List<RequestLogEntry> rows(RequestLogFilter filter) {
    return log.handle(query(filter, 10, null)).data();
  }

  private Page<RequestLogEntry> page(RequestLogFilter filter, String after) {
    return log.handle(query(filter, 1, after));
  }

  private static FetchRequestLog query(RequestLogFilter filter, int limit, String after) {
    return new FetchRequestLog(
        filter.from(),
        filter.to(),
        filter.usage(),
        filter.requestId(),
        filter.withRetried(),
        limit,
        after);
  }
}
