package io.llmproxy.kernel.pricing;

import java.time.Instant;

/**
 * A model's price from {@code effectiveFrom} on, until a later one takes over.
 *
 * @param version names this price in the ledger ({@code <model>#<n>}, n counting the model's prices
 *     from 1), so any recorded cost can be traced to, and recomputed from, its price
 * @param source where it came from: {@code admin} or the bundled table's version
 */
public record ModelPriceSet(
    String model,
    ModelPrice price,
    Instant effectiveFrom,
    String version,
    String source,
    Instant setAt) {}
