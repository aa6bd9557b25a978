package io.llmproxy.query.readmodel;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * What a key or team has spent in its current budget period (the calendar month when it has no
 * budget), from the report tables: exact decimal cost, and the share of the limit used.
 *
 * @param period {@code daily}, {@code weekly}, {@code monthly} or {@code lifetime}
 * @param limitUsd the budget's limit, null without a budget
 * @param percent cost / limit in percent, two decimals (rounded half up), null without a budget
 */
public record SpendView(
    String period, Instant periodStart, String cost, BigDecimal limitUsd, BigDecimal percent) {}
