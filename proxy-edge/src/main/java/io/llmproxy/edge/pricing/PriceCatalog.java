package io.llmproxy.edge.pricing;

import io.llmproxy.edge.registry.EventRegistry;
import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.pricing.ModelNames;
import io.llmproxy.kernel.pricing.ModelPriceSet;
import io.llmproxy.kernel.pricing.PriceTable;
import io.llmproxy.kernel.usage.TokenUsage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The price history of every model, fed by price events (see {@link EventRegistry}), for costing
 * each request with the price in force when it was made.
 *
 * <p>On a brand-new store the bundled table is imported at start; until its events arrive, the same
 * table answers with exactly the prices and versions the import will record, so no request is
 * costed differently for having come first.
 */
@Component
@ProcessingGroup(PriceCatalog.PROCESSING_GROUP)
public class PriceCatalog implements EventRegistry {

  public static final String PROCESSING_GROUP = "edge-price-catalog";

  private final Map<String, List<ModelPriceSet>> historyByModel = new ConcurrentHashMap<>();
  private final PriceTable bundled = PriceTable.bundledDefault();

  /** A request's cost and the version of the price it was computed from. */
  public record Cost(BigDecimal amount, String priceVersion) {}

  @Override
  public List<String> aggregateTypes() {
    return List.of(AggregateTypes.PRICE_LIST);
  }

  @EventHandler
  void on(ModelPriceSet event) {
    historyByModel.compute(
        event.model(),
        (model, history) -> {
          List<ModelPriceSet> next = history == null ? new ArrayList<>() : new ArrayList<>(history);
          if (next.stream().noneMatch(known -> known.version().equals(event.version()))) {
            next.add(event);
            next.sort(Comparator.comparing(ModelPriceSet::effectiveFrom));
          }
          return List.copyOf(next);
        });
  }

  /** The cost of {@code usage} on {@code upstreamModel} at {@code at}, or empty if unpriced. */
  public Optional<Cost> cost(String upstreamModel, TokenUsage usage, Instant at) {
    return priceAt(upstreamModel, at)
        .map(price -> new Cost(price.price().costOf(usage), price.version()));
  }

  /** The price in force for {@code upstreamModel} at {@code at}, with its version. */
  public Optional<ModelPriceSet> priceAt(String upstreamModel, Instant at) {
    if (historyByModel.isEmpty()) {
      return bundled
          .find(upstreamModel)
          .map(
              price ->
                  new ModelPriceSet(
                      ModelNames.normalized(price.model()),
                      price,
                      Instant.EPOCH,
                      ModelNames.normalized(price.model()) + "#1",
                      "table " + bundled.version(),
                      Instant.EPOCH));
    }
    return ModelNames.bestMatch(upstreamModel, historyByModel.keySet())
        .flatMap(model -> inForce(historyByModel.get(model), at));
  }

  private static Optional<ModelPriceSet> inForce(List<ModelPriceSet> history, Instant at) {
    ModelPriceSet found = null;
    for (ModelPriceSet price : history) {
      if (!price.effectiveFrom().isAfter(at)) {
        found = price;
      }
    }
    return Optional.ofNullable(found);
  }
}
