package io.llmproxy.kernel.usage;

/**
 * Dimensions a usage report can be grouped by. {@code DAY} and {@code HOUR} are calendar buckets in
 * the report's time zone.
 */
public enum UsageGrouping {
  KEY,
  TEAM,
  ALIAS,
  PROVIDER,
  OUTCOME,
  DAY,
  HOUR;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean isTime() {
    return this == DAY || this == HOUR;
  }
}
