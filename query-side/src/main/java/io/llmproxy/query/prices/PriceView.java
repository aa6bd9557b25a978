package io.llmproxy.query.prices;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A model's price as the API shows it. {@code version} is what ledger entries costed with this
 * price carry in {@code price_version}.
 */
public record PriceView(
    String model,
    BigDecimal inputPerMillion,
    BigDecimal outputPerMillion,
    BigDecimal cachedInputPerMillion,
    BigDecimal cacheWritePerMillion,
    Instant effectiveFrom,
    String version,
    String source,
    Instant setAt) {}
