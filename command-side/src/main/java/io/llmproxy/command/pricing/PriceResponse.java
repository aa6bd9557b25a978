package io.llmproxy.command.pricing;

import io.llmproxy.kernel.pricing.ModelPriceSet;
import java.math.BigDecimal;
import java.time.Instant;

/** A price as recorded; {@code version} is what ledger entries costed with it carry. */
public record PriceResponse(
    String model,
    BigDecimal inputPerMillion,
    BigDecimal outputPerMillion,
    BigDecimal cachedInputPerMillion,
    BigDecimal cacheWritePerMillion,
    Instant effectiveFrom,
    String version) {

  static PriceResponse of(ModelPriceSet set) {
    return new PriceResponse(
        set.model(),
        set.price().inputPerMillion(),
        set.price().outputPerMillion(),
        set.price().cachedInputPerMillion(),
        set.price().cacheWritePerMillion(),
        set.effectiveFrom(),
        set.version());
  }
}
