package io.llmproxy.query.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money in the report tables: whole picodollars (1e-12 USD) in an integer column, which SQL sums
 * exactly and fast, plus the remainder below a picodollar as decimal text. Costs are a price per
 * million tokens times a token count, so prices with up to six decimals leave no remainder; the
 * text exists so that no price, however fine, is ever rounded.
 */
record PicoDollars(long whole, BigDecimal remainder) {

  static final int SCALE = 12;

  static PicoDollars of(BigDecimal cost) {
    if (cost == null || cost.signum() == 0) {
      return new PicoDollars(0, BigDecimal.ZERO);
    }
    BigDecimal picos = cost.movePointRight(SCALE);
    long whole = picos.setScale(0, RoundingMode.FLOOR).longValueExact();
    return new PicoDollars(whole, cost.subtract(BigDecimal.valueOf(whole, SCALE)));
  }

  /** The remainder as the column stores it: null when there is none. */
  String remainderText() {
    return remainder.signum() == 0 ? null : remainder.stripTrailingZeros().toPlainString();
  }

  /**
   * A sum read back: the whole picodollars arrive split into micro-dollars and the picos below one
   * (SQL sums each part, which keeps a 64-bit sum from overflowing below trillions of dollars), and
   * the remainders as comma-separated text.
   */
  static BigDecimal sum(long micros, long picosBelowMicro, String remainders) {
    BigDecimal total =
        BigDecimal.valueOf(micros, 6).add(BigDecimal.valueOf(picosBelowMicro, SCALE));
    if (remainders != null && !remainders.isEmpty()) {
      for (String part : remainders.split(",")) {
        total = total.add(new BigDecimal(part));
      }
    }
    return total.signum() == 0 ? BigDecimal.ZERO : total.stripTrailingZeros();
  }

  /**
   * The select-list expressions {@link #sum} reads, named {@code cost_micros}, ... ({@code
   * string_agg} is SQLite's {@code group_concat} under the name PostgreSQL knows too.)
   */
  static final String SUM_COLUMNS =
      "SUM(cost_pico / 1000000) AS cost_micros, SUM(cost_pico % 1000000) AS cost_picos,"
          + " string_agg(cost_extra, ',') AS cost_extra";
}
