package io.llmproxy.kernel.pricing;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Seeds a model's price from the bundled price table, valid since the beginning of time, unless the
 * model already has a price history; sent for every bundled model at each start.
 */
public record ImportModelPrice(
    @TargetAggregateIdentifier String priceListId, ModelPrice price, String tableVersion) {

  public static ImportModelPrice of(ModelPrice price, String tableVersion) {
    return new ImportModelPrice(PriceLists.idOf(price.model()), price, tableVersion);
  }
}
