package io.llmproxy.kernel.pricing;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a model a new price from {@code effectiveFrom} on. Earlier usage keeps the price it was
 * costed with, so a change can only take effect now or later.
 */
public record SetModelPrice(
    @TargetAggregateIdentifier String priceListId, ModelPrice price, Instant effectiveFrom) {

  public static SetModelPrice of(ModelPrice price, Instant effectiveFrom) {
    return new SetModelPrice(PriceLists.idOf(price.model()), price, effectiveFrom);
  }
}
