package io.llmproxy.query.prices;

import io.llmproxy.kernel.pricing.ModelPriceSet;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/** Every price ever set, in its own pooled processor (token and rows commit together). */
@Component
@ProcessingGroup(PriceHistoryProjection.PROCESSING_GROUP)
class PriceHistoryProjection {

  static final String PROCESSING_GROUP = "price-history";

  private final PriceHistoryRepository prices;

  PriceHistoryProjection(PriceHistoryRepository prices) {
    this.prices = prices;
  }

  @EventHandler
  void on(ModelPriceSet event) {
    prices.save(new PriceHistoryEntry(event));
  }

  @ResetHandler
  void reset() {
    prices.deleteAllInBatch();
  }
}
