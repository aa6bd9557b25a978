package io.llmproxy.query.readmodel;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.math.BigDecimal;

/**
 * Money columns hold plain decimal text (e.g. {@code 0.00000555}). SQLite has no decimal type: a
 * NUMERIC or REAL column would store binary floating point and round, and a 64-bit integer of fixed
 * scale cannot hold both the smallest costs (prices per million tokens with six decimals reach
 * twelve places and more) and large totals. Text keeps every digit; sums are therefore done in Java
 * with {@link BigDecimal}, never with SQL {@code SUM}, which would convert to floating point.
 */
@Converter
public class DecimalText implements AttributeConverter<BigDecimal, String> {

  /** Stored form: never an exponent, so the column reads the same in any SQLite tool. */
  public static String format(BigDecimal value) {
    return value.toPlainString();
  }

  public static BigDecimal parse(String text) {
    return text == null ? BigDecimal.ZERO : new BigDecimal(text);
  }

  @Override
  public String convertToDatabaseColumn(BigDecimal value) {
    return value == null ? null : format(value);
  }

  @Override
  public BigDecimal convertToEntityAttribute(String text) {
    return text == null ? null : new BigDecimal(text);
  }
}
