package io.llmproxy.query.readmodel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Read models keep instants as epoch microseconds: numeric, so SQLite compares and sorts them
 * correctly (ISO text with a varying number of fraction digits does not). The clock's nanosecond
 * digits are dropped; nanoseconds would not reach past the year 2262, where an expiry may lie.
 */
public final class EpochMicros {

  private EpochMicros() {}

  /** Instants beyond some 290,000 years from 1970 saturate, which keeps them in order. */
  public static Long of(Instant instant) {
    if (instant == null) {
      return null;
    }
    try {
      // plain arithmetic: ChronoUnit.between showed up in projection profiles
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    } catch (ArithmeticException beyondRange) {
      return instant.isAfter(Instant.EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  public static Instant toInstant(Long micros) {
    return micros == null ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
