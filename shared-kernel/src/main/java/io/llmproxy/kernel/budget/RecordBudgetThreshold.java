package io.llmproxy.kernel.budget;

import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Notes that a scope's spend crossed its budget's soft threshold in the period starting then. */
public record RecordBudgetThreshold(
    @TargetAggregateIdentifier String alertStreamId,
    BudgetScope scope,
    String scopeId,
    Budget budget,
    Instant periodStart,
    BigDecimal spentUsd) {}
