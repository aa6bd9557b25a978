package io.llmproxy.kernel.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A key's or team's spend reached its budget's {@code alertAtPercent} in a period; recorded once
 * per period, however many requests cross it and on however many nodes.
 */
public record BudgetThresholdReached(
    BudgetScope scope,
    String scopeId,
    Budget budget,
    Instant periodStart,
    BigDecimal spentUsd,
    Instant reachedAt) {}
