package io.llmproxy.query.statements;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;
import java.time.Instant;
import java.util.List;

/**
 * A monthly statement: usage and exact cost per provider and model, with totals that are the exact
 * sum of the lines (no rounding anywhere; round only for display).
 *
 * @param to exclusive: the first instant of the next month
 */
record Statement(
    String scope,
    String id,
    String period,
    Instant from,
    Instant to,
    String currency,
    List<StatementLine> lines,
    Totals totals,
    long unpricedRequests) {

  static final String CURRENCY = "USD";

  static Statement of(
      StatementScope scope,
      String id,
      StatementPeriod period,
      List<StatementLine> lines,
      UsageTotals totals) {
    return new Statement(
        scope.ownerKind,
        id,
        period.toString(),
        period.from(),
        period.to(),
        CURRENCY,
        lines,
        Totals.of(totals),
        totals.unpricedEntries());
  }

  record Totals(
      long requests,
      long promptTokens,
      long completionTokens,
      long totalTokens,
      long cachedTokens,
      long cacheWriteTokens,
      String cost) {

    static Totals of(UsageTotals totals) {
      return new Totals(
          totals.requests(),
          totals.promptTokens(),
          totals.completionTokens(),
          totals.totalTokens(),
          totals.cachedTokens(),
          totals.cacheWriteTokens(),
          DecimalText.format(totals.cost()));
    }
  }
}
