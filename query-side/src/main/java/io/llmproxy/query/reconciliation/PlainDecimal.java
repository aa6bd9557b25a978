package io.llmproxy.query.reconciliation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Writes a JSON number with every decimal and no exponent: {@code 0.00000055}, never {@code
 * 5.5E-7}, so costs read back exactly and counts read as plain integers.
 */
final class PlainDecimal extends StdSerializer<BigDecimal> {

  private static final long serialVersionUID = 1L;

  PlainDecimal() {
    super(BigDecimal.class);
  }

  @Override
  public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    generator.writeNumber(plain(value));
  }

  static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
