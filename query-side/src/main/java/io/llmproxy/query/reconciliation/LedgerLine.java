package io.llmproxy.query.reconciliation;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The ledger's usage of one upstream model on one UTC day, summed the way a provider counts.
 *
 * @param estimatedEntries entries whose tokens were counted locally, not reported by the provider
 * @param unpricedEntries entries that consumed tokens but had no price, so their cost is missing
 */
record LedgerLine(
    LocalDate day,
    String model,
    Figures figures,
    long entries,
    long estimatedEntries,
    long unpricedEntries) {

  /**
   * One ledger entry as the provider sees it. Every attempt is a separate call to the provider, so
   * retried attempts count like any other (unlike the usage reports, which count a client's request
   * once). A provider counts a request its model processed: a success, or an attempt that failed or
   * was cancelled after tokens were consumed. An attempt the provider refused, or that never
   * reached it, has no tokens in the ledger and is not counted.
   */
  static LedgerLine of(UsageRecorded entry) {
    TokenUsage usage = entry.usage();
    boolean consumed = usage.promptTokens() + usage.completionTokens() > 0;
    boolean counted = entry.outcome() == UsageOutcome.SUCCESS || consumed;
    Figures figures =
        new Figures(
            counted ? 1 : 0,
            usage.promptTokens(),
            usage.completionTokens(),
            usage.cachedTokens(),
            usage.cacheWriteTokens(),
            entry.cost() == null ? BigDecimal.ZERO : entry.cost());
    return new LedgerLine(
        entry.occurredAt().atZone(ZoneOffset.UTC).toLocalDate(),
        entry.upstreamModel(),
        figures,
        1,
        entry.estimated() ? 1 : 0,
        entry.cost() == null && consumed ? 1 : 0);
  }

  LedgerLine plus(LedgerLine other) {
    return new LedgerLine(
        day,
        model,
        figures.plus(other.figures),
        entries + other.entries,
        estimatedEntries + other.estimatedEntries,
        unpricedEntries + other.unpricedEntries);
  }

  LedgerLine named(String comparedModel) {
    return new LedgerLine(day, comparedModel, figures, entries, estimatedEntries, unpricedEntries);
  }
}
