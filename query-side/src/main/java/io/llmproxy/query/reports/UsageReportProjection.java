package io.llmproxy.query.reports;

import io.llmproxy.kernel.usage.UsageRecorded;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The request log and the hourly and daily report tables. Entries of one processor batch are
 * gathered in memory and written with the batch's token in one transaction, just before it commits;
 * after the commit they go to the live feed (not during a replay, which only rebuilds).
 */
@Component
@ProcessingGroup(ReportTables.PROCESSOR)
class UsageReportProjection {

  private static final String BATCH = UsageReportProjection.class.getName() + ".batch";

  private final ReportWriter writer;
  private final UsageFeed feed;
  private final TransactionTemplate transactions;

  UsageReportProjection(
      ReportWriter writer, UsageFeed feed, PlatformTransactionManager transactionManager) {
    this.writer = writer;
    this.feed = feed;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @EventHandler
  void on(
      UsageRecorded entry,
      EventMessage<?> message,
      TrackingToken token,
      ReplayStatus replayStatus) {
    long position =
        token
            .position()
            .orElseThrow(() -> new IllegalStateException("usage event without a position"));
    batch(replayStatus.isReplay()).add(position, message.getIdentifier(), entry);
  }

  private ReportBatch batch(boolean replay) {
    UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
    return unitOfWork.getOrComputeResource(
        BATCH,
        name -> {
          ReportBatch batch = new ReportBatch();
          unitOfWork.onPrepareCommit(committing -> writer.write(batch));
          if (!replay) {
            unitOfWork.afterCommit(committed -> feed.publish(batch.entries));
          }
          return batch;
        });
  }

  /** Joins the processor's reset transaction; a reset outside one gets its own. */
  @ResetHandler
  void reset() {
    transactions.executeWithoutResult(status -> writer.clear());
  }
}
