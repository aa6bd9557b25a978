package io.llmproxy.command.pricing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Body of {@code PUT /admin/prices/{model}}: US dollars per million tokens; cached-input and
 * cache-write prices are optional (absent: billed at the input price); {@code effective_from}
 * defaults to now and may lie in the future.
 */
public record PriceRequest(
    BigDecimal inputPerMillion,
    BigDecimal outputPerMillion,
    BigDecimal cachedInputPerMillion,
    BigDecimal cacheWritePerMillion,
    Instant effectiveFrom) {}
