package io.llmproxy.query.usage;

import io.llmproxy.query.readmodel.DecimalText;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/**
 * The figures every usage rollup row carries; see {@link io.llmproxy.kernel.usage.UsageTotals} for
 * what each counts.
 */
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
}
