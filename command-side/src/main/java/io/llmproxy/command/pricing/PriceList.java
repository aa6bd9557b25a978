package io.llmproxy.command.pricing;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.pricing.ImportModelPrice;
import io.llmproxy.kernel.pricing.ModelNames;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.kernel.pricing.PriceLists;
import io.llmproxy.kernel.pricing.SetModelPrice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The price history of one model. Prices only ever take effect from now on: a cost in the ledger
 * was computed with the price in force at its time, and must stay recomputable from this history.
 */
@Aggregate(
    type = AggregateTypes.PRICE_LIST,
    snapshotTriggerDefinition = "aggregateSnapshotTrigger",
    cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class PriceList {

  /** Clock difference between the admin's machine and ours that "now" may carry. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  @AggregateIdentifier private String priceListId;
  private int prices;
  private Instant latestEffectiveFrom;

  protected PriceList() {
    // required by Axon to create or rebuild the aggregate
  }

  /** Answers the price as recorded (its version names it in the ledger). */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public ModelPriceSet handle(SetModelPrice command, Clock clock) {
    Instant now = clock.instant();
    Instant from = command.effectiveFrom();
    if (from == null || from.isBefore(now.minus(CLOCK_SKEW))) {
      throw new IllegalArgumentException(
          "effective_from cannot be in the past: recorded costs keep the price they were computed"
              + " with");
    }
    if (latestEffectiveFrom != null && from.isBefore(latestEffectiveFrom)) {
      throw new IllegalArgumentException(
          "effective_from must not be before the latest price's, " + latestEffectiveFrom);
    }
    ModelPriceSet event =
        new ModelPriceSet(
            ModelNames.normalized(command.price().model()),
            command.price(),
            from,
            version(prices + 1, command.price().model()),
            "admin",
            now);
    apply(event);
    return event;
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  public void handle(ImportModelPrice command, Clock clock) {
    if (prices > 0) {
      return;
    }
    apply(
        new ModelPriceSet(
            ModelNames.normalized(command.price().model()),
            command.price(),
            Instant.EPOCH,
            version(1, command.price().model()),
            "table " + command.tableVersion(),
            clock.instant()));
  }

  private static String version(int number, String model) {
    return ModelNames.normalized(model) + "#" + number;
  }

  @EventSourcingHandler
  void on(ModelPriceSet event) {
    if (priceListId == null) {
      priceListId = PriceLists.idOf(event.model());
    }
    prices++;
    latestEffectiveFrom = event.effectiveFrom();
  }
}
