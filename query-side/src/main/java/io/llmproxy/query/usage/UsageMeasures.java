package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/** The figures every usage rollup row carries; see {@link UsageTotals} for what each counts. */
@Embeddable
public class UsageMeasures {

  private long requests;
  private long promptTokens;
  private long completionTokens;
  private long totalTokens;
  private long cachedTokens;
  private long cacheWriteTokens;

  @Convert(converter = DecimalText.class)
  private BigDecimal cost = BigDecimal.ZERO;

  private long unpricedEntries;

  void add(UsageTotals entry) {
    requests = Math.addExact(requests, entry.requests());
    promptTokens = Math.addExact(promptTokens, entry.promptTokens());
    completionTokens = Math.addExact(completionTokens, entry.completionTokens());
    totalTokens = Math.addExact(totalTokens, entry.totalTokens());
    cachedTokens = Math.addExact(cachedTokens, entry.cachedTokens());
    cacheWriteTokens = Math.addExact(cacheWriteTokens, entry.cacheWriteTokens());
    cost = cost.add(entry.cost());
    unpricedEntries = Math.addExact(unpricedEntries, entry.unpricedEntries());
  }
}
