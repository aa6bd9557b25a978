package io.llmproxy.query.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.query.support.SqliteReadModels;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Report tables in a real SQLite file, filled by the usage-reports projection itself. */
final class ReportTablesFixture {

  final DataSource dataSource;
  private final AnnotationEventHandlerAdapter handler;

  ReportTablesFixture(Path folder) {
    dataSource = SqliteReadModels.database(folder, "V2_5__usage_reports.sql");
    handler =
        new AnnotationEventHandlerAdapter(
            new UsageReportProjection(
                new ReportWriter(dataSource),
                new UsageFeed(),
                new DataSourceTransactionManager(dataSource)));
  }

  /** Handles {@code entries} as one processor batch at the given event-store positions. */
  void record(long firstPosition, UsageRecorded... entries) throws Exception {
    TrackedEventMessage<?>[] events = new TrackedEventMessage<?>[entries.length];
    for (int i = 0; i < entries.length; i++) {
      events[i] =
          new GenericTrackedEventMessage<>(
              new GlobalSequenceTrackingToken(firstPosition + 2L * i),
              GenericEventMessage.asEventMessage(entries[i]));
    }
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

  /** A successful entry of 100 prompt tokens (40 read from cache, 5 written) and 10 out. */
  static UsageRecorded entry(
      String requestId, String keyId, String teamId, String alias, Instant at, String cost) {
    return new UsageRecorded(
        requestId,
        keyId,
        alias,
        "openai",
        "gpt-4o-mini",
        new TokenUsage(100, 10, 110, 40, 5),
        false,
        UsageOutcome.SUCCESS,
        250,
        at,
        "chat.completions",
        false,
        null,
        cost == null ? null : new BigDecimal(cost),
        "v1",
        teamId,
        1,
        false);
  }
}
