package io.llmproxy.edge.ledger.synthetic;

import java.time.Duration;
import java.time.Instant;

/**
 * How much synthetic usage to make: {@code entries} ledger entries from {@code keys} keys in {@code
 * teams} teams over {@code period} ending at {@code end}; {@code seed} makes it repeatable.
 */
public record SyntheticUsageSettings(
    long entries, int keys, int teams, Duration period, Instant end, long seed) {

  public SyntheticUsageSettings {
    if (entries < 1 || keys < 1 || teams < 0 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "synthetic usage needs entries and keys >= 1, teams >= 0 and a positive period");
    }
  }
}
