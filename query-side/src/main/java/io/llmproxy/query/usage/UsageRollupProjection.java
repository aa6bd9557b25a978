package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageRecorded;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.hibernate.Session;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every usage rollup: per key and alias by hour, per team and alias, per provider and model, and
 * per key or team and model (statement lines) by day. Runs in a pooled streaming processor whose
 * token lives in the same database: the entries of one processor batch are summed in memory per row
 * and written with the batch's token in one transaction, just before it commits. Entity loads and
 * dirty checks per event were this processor's ceiling (~3,000 events/s).
 */
@Component
@ProcessingGroup(RollupTables.PROCESSOR)
class UsageRollupProjection {

  private static final String BATCH = UsageRollupProjection.class.getName() + ".batch";

  private static final List<Class<? extends Rollup>> TABLES =
      List.of(
          UsageRollup.class,
          TeamDailyRollup.class,
          ModelDailyRollup.class,
          OwnerModelDailyRollup.class);

  @PersistenceContext private EntityManager entityManager;
  private final TransactionTemplate transactions;

  UsageRollupProjection(PlatformTransactionManager transactionManager) {
    this.transactions = new TransactionTemplate(transactionManager);
  }

  @EventHandler
  void on(UsageRecorded event) {
    if (CurrentUnitOfWork.isStarted()) {
      batch().add(event);
    } else {
      // handed an event outside a processor: it is a batch of its own, in the caller's transaction
      RollupBatch single = new RollupBatch();
      single.add(event);
      write(single);
    }
  }

  private RollupBatch batch() {
    UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
    return unitOfWork.getOrComputeResource(
        BATCH,
        name -> {
          RollupBatch batch = new RollupBatch();
          unitOfWork.onPrepareCommit(committing -> write(batch));
          return batch;
        });
  }

  // the JPA transaction's own connection: the processor's token commits with these rows
  private void write(RollupBatch batch) {
    if (!batch.isEmpty()) {
      entityManager
          .unwrap(Session.class)
          .doWork(connection -> RollupWriter.write(connection, batch));
    }
  }

  /** Joins the processor's reset transaction; a reset outside one gets its own. */
  @ResetHandler
  void reset() {
    transactions.executeWithoutResult(
        status ->
            TABLES.forEach(
                table ->
                    entityManager
                        .createQuery("DELETE FROM " + table.getSimpleName())
                        .executeUpdate()));
  }
}
