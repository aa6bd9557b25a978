package io.llmproxy.edge.pricing;

import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.pricing.PriceTable;
import io.llmproxy.kernel.usage.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The prices in force on this node, for costing each request as its usage is recorded. */
@Component
public class PriceCatalog {

  private final PriceTable table = PriceTable.bundledDefault();

  /** A request's cost and the version of the prices it was computed from. */
  public record Cost(BigDecimal amount, String priceVersion) {}

  /** The cost of {@code usage} on {@code upstreamModel}, or empty if the model has no price. */
  public Optional<Cost> cost(String upstreamModel, TokenUsage usage) {
    Optional<ModelPrice> price = table.find(upstreamModel);
    return price.map(found -> new Cost(found.costOf(usage), table.version()));
  }
}
