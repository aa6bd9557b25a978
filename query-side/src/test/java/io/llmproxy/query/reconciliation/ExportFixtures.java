package io.llmproxy.query.reconciliation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Test exports under {@code src/test/resources/reconciliation/}. */
final class ExportFixtures {

  private ExportFixtures() {}

  static byte[] fixture(String name) {
    try (InputStream in = ExportFixtures.class.getResourceAsStream("/reconciliation/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Figures tokens(long requests, long input, long output, long cached, long cacheWrite) {
    return new Figures(requests, input, output, cached, cacheWrite, BigDecimal.ZERO);
  }
}
