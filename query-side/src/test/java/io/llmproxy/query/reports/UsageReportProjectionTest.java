package io.llmproxy.query.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.support.SqliteReadModels;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The usage-reports projection writing the report tables of a real SQLite file. */
class UsageReportProjectionTest {

  private static final Instant TEN_PAST = Instant.parse("2026-03-01T10:10:00Z");
  private static final Instant TWENTY_PAST = Instant.parse("2026-03-01T10:20:00Z");
  private static final Instant NEXT_HOUR = Instant.parse("2026-03-01T11:05:00Z");
  private static final long TEN_O_CLOCK = Instant.parse("2026-03-01T10:00:00Z").getEpochSecond();
  private static final long MIDNIGHT = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();

  @TempDir Path folder;

  private JdbcTemplate jdbc;
  private AnnotationEventHandlerAdapter handler;
  private final List<RequestLogEntry> live = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    DataSource dataSource = SqliteReadModels.database(folder, "V2_5__usage_reports.sql");
    jdbc = new JdbcTemplate(dataSource);
    UsageFeed feed = new UsageFeed();
    feed.entries().subscribe(live::add);
    handler =
        new AnnotationEventHandlerAdapter(
            new UsageReportProjection(
                new ReportWriter(dataSource), feed, new DataSourceTransactionManager(dataSource)));
  }

  private static UsageRecorded usage(
      String requestId,
      String teamId,
      Instant at,
      long prompt,
      long completion,
      String cost,
      boolean retried) {
    return new UsageRecorded(
        requestId,
        "k1",
        "gpt",
        "openai",
        "gpt-4o-mini",
        TokenUsage.of(prompt, completion),
        false,
        retried ? UsageOutcome.UPSTREAM_ERROR : UsageOutcome.SUCCESS,
        120,
        at,
        "chat.completions",
        false,
        null,
        cost == null ? null : new BigDecimal(cost),
        "gpt-4o-mini#1",
        teamId,
        1,
        retried);
  }

  private static TrackedEventMessage<?> at(long position, UsageRecorded entry) {
    return tracked(new GlobalSequenceTrackingToken(position), entry);
  }

  private static TrackedEventMessage<?> tracked(TrackingToken token, UsageRecorded entry) {
    EventMessage<UsageRecorded> event = GenericEventMessage.asEventMessage(entry);
    return new GenericTrackedEventMessage<>(token, event);
  }

  /** Handles the events as one processor batch: one unit of work, committed at the end. */
  private void batch(TrackedEventMessage<?>... events) throws Exception {
    var result =
        DefaultUnitOfWork.startAndGet(events[0])
            .executeWithResult(
                () -> {
                  for (TrackedEventMessage<?> event : events) {
                    handler.handle(event);
                  }
                  return null;
                });
    assertThat(result.isExceptional()).as("%s", result.optionalExceptionResult()).isFalse();
  }

  private List<Map<String, Object>> rows(String sql) {
    return SqliteReadModels.rows(jdbc, sql);
  }

  private Map<String, Object> daily(String outcome) {
    List<Map<String, Object>> rows =
        SqliteReadModels.rows(
            jdbc,
            "SELECT requests, prompt_tokens, completion_tokens, total_tokens, cost_pico, cost_extra,"
                + " unpriced_entries FROM usage_report_daily WHERE bucket_start = ? AND key_id = 'k1'"
                + " AND outcome = ?",
            MIDNIGHT,
            outcome);
    assertThat(rows).as("the day's %s row", outcome).hasSize(1);
    return rows.get(0);
  }

  private long count(String table) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
  }

  @Test
  void aBatchLogsEveryEntryAndSumsTokensAndExactCostPerBucket() throws Exception {
    batch(
        at(1, usage("r1", "team-1", TEN_PAST, 100, 20, "0.000045", false)),
        at(2, usage("r2", "team-1", TWENTY_PAST, 50, 10, "0.0000225", false)),
        at(3, usage("r3", "team-1", NEXT_HOUR, 1, 1, "0.000001", false)));

    assertThat(
            rows(
                "SELECT position, request_id, team_id, cost FROM usage_request_log ORDER BY"
                    + " position"))
        .extracting(row -> List.of(row.get("position"), row.get("request_id"), row.get("cost")))
        .containsExactly(
            List.of(1L, "r1", "0.000045"),
            List.of(2L, "r2", "0.0000225"),
            List.of(3L, "r3", "0.000001"));
    assertThat(daily("success"))
        .containsEntry("requests", 3L)
        .containsEntry("prompt_tokens", 151L)
        .containsEntry("completion_tokens", 31L)
        .containsEntry("total_tokens", 182L)
        .containsEntry("cost_pico", 68_500_000L)
        .containsEntry("unpriced_entries", 0L);
    assertThat(
            rows(
                "SELECT bucket_start, requests, cost_pico FROM usage_report_hourly ORDER BY"
                    + " bucket_start"))
        .extracting(
            row -> List.of(row.get("bucket_start"), row.get("requests"), row.get("cost_pico")))
        .containsExactly(
            List.of(TEN_O_CLOCK, 2L, 67_500_000L), List.of(TEN_O_CLOCK + 3600, 1L, 1_000_000L));
  }

  @Test
  void bucketsAddUpAcrossBatches() throws Exception {
    batch(at(1, usage("r1", null, TEN_PAST, 100, 20, "0.000045", false)));
    batch(at(2, usage("r2", null, TWENTY_PAST, 50, 10, "0.0000225", false)));

    assertThat(daily("success"))
        .containsEntry("requests", 2L)
        .containsEntry("prompt_tokens", 150L)
        .containsEntry("cost_pico", 67_500_000L);
    assertThat(
            jdbc.queryForObject(
                "SELECT team_id FROM usage_report_daily WHERE key_id = 'k1'", String.class))
        .as("a key without a team")
        .isEqualTo(ReportTables.NO_TEAM);
    assertThat(count(ReportTables.HOURLY_ALL)).isOne();
  }

  @Test
  void aRetriedAttemptCountsItsTokensAndCostButNotAsARequest() throws Exception {
    batch(
        at(1, usage("r1", null, TEN_PAST, 100, 0, "0.00001", true)),
        at(2, usage("r1", null, TEN_PAST, 100, 20, "0.000045", false)));

    assertThat(daily("upstream_error"))
        .containsEntry("requests", 0L)
        .containsEntry("prompt_tokens", 100L)
        .containsEntry("cost_pico", 10_000_000L);
    assertThat(daily("success")).containsEntry("requests", 1L);
    assertThat(count(ReportTables.REQUEST_LOG)).isEqualTo(2);
  }

  @Test
  void costBelowAPicodollarIsKeptAsTextAndUnpricedEntriesAreCounted() throws Exception {
    batch(
        at(1, usage("r1", null, TEN_PAST, 1, 0, "0.0000000000015", false)),
        at(2, usage("r2", null, TEN_PAST, 1, 0, null, false)));
    batch(at(3, usage("r3", null, TWENTY_PAST, 1, 0, "0.0000000000007", false)));

    Map<String, Object> day = daily("success");
    assertThat(day).containsEntry("cost_pico", 1L).containsEntry("unpriced_entries", 1L);
    assertThat(
            PicoDollars.sum(
                (long) day.get("cost_pico") / 1_000_000,
                (long) day.get("cost_pico") % 1_000_000,
                (String) day.get("cost_extra")))
        .isEqualByComparingTo("0.0000000000022");
  }

  @Test
  void liveEntriesReachTheFeedAfterTheirBatchCommits() throws Exception {
    batch(
        at(1, usage("r1", null, TEN_PAST, 1, 1, "0.000001", false)),
        at(2, usage("r2", null, TEN_PAST, 1, 1, "0.000001", false)));

    assertThat(live).extracting(RequestLogEntry::requestId).containsExactly("r1", "r2");
  }

  @Test
  void aReplayRebuildsTheTablesWithoutFeedingTheLiveView() throws Exception {
    TrackingToken replaying =
        ReplayToken.createReplayToken(
            new GlobalSequenceTrackingToken(10), new GlobalSequenceTrackingToken(0));
    batch(tracked(replaying, usage("r1", null, TEN_PAST, 1, 1, "0.000001", false)));

    assertThat(count(ReportTables.REQUEST_LOG)).isOne();
    assertThat(live).isEmpty();
  }

  @Test
  void aBatchThatFailsWritesNothing() throws Exception {
    var unitOfWork =
        DefaultUnitOfWork.startAndGet(at(1, usage("r1", null, TEN_PAST, 1, 1, "0.000001", false)));
    var result =
        unitOfWork.executeWithResult(
            () -> {
              handler.handle(unitOfWork.getMessage());
              throw new IllegalStateException("the batch's next event failed");
            });

    assertThat(result.exceptionResult()).isInstanceOf(IllegalStateException.class);
    assertThat(count(ReportTables.REQUEST_LOG)).isZero();
    assertThat(count(ReportTables.DAILY)).isZero();
    assertThat(live).isEmpty();
  }

  @Test
  void aResetEmptiesEveryReportTable() throws Exception {
    batch(at(1, usage("r1", "team-1", TEN_PAST, 1, 1, "0.000001", false)));

    handler.prepareReset();

    for (String table :
        List.of(
            ReportTables.REQUEST_LOG,
            ReportTables.HOURLY,
            ReportTables.DAILY,
            ReportTables.HOURLY_ALL)) {
      assertThat(count(table)).as(table).isZero();
    }
  }
}
