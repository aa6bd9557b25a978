package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.kernel.usage.UsageTotals;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every usage rollup: per key and alias by hour, per team and alias, per provider and model, and
 * per key or team and model (statement lines) by day. Runs in a pooled streaming processor whose
 * token lives in the same database, so a batch's rows and its token position commit together; a
 * batch is one persistence context, so a row touched by many of its events is read and written
 * once.
 */
@Component
@ProcessingGroup(RollupTables.PROCESSOR)
class UsageRollupProjection {

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
    UsageTotals entry = UsageTotals.of(event);
    long hour = event.occurredAt().truncatedTo(ChronoUnit.HOURS).getEpochSecond();
    long day = event.occurredAt().truncatedTo(ChronoUnit.DAYS).getEpochSecond();
    add(
        UsageRollup.class,
        new UsageRollup.Id(event.keyId(), event.alias(), hour),
        UsageRollup::new,
        entry);
    add(
        ModelDailyRollup.class,
        new ModelDailyRollup.Id(event.provider(), event.upstreamModel(), day),
        ModelDailyRollup::new,
        entry);
    add(
        OwnerModelDailyRollup.class,
        new OwnerModelDailyRollup.Id(
            RollupTables.OWNER_KEY, event.keyId(), event.provider(), event.upstreamModel(), day),
        OwnerModelDailyRollup::new,
        entry);
    if (event.teamId() != null) {
      add(
          TeamDailyRollup.class,
          new TeamDailyRollup.Id(event.teamId(), event.alias(), day),
          TeamDailyRollup::new,
          entry);
      add(
          OwnerModelDailyRollup.class,
          new OwnerModelDailyRollup.Id(
              RollupTables.OWNER_TEAM,
              event.teamId(),
              event.provider(),
              event.upstreamModel(),
              day),
          OwnerModelDailyRollup::new,
          entry);
    }
  }

  private <R extends Rollup, I> void add(
      Class<R> table, I id, Function<I, R> create, UsageTotals entry) {
    R row = entityManager.find(table, id);
    if (row == null) {
      row = create.apply(id);
      entityManager.persist(row);
    }
    row.add(entry);
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
