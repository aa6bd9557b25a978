package io.llmproxy.edge.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Checks on the numbers of a request body. A number Jackson cannot hold as a finite double ( {@code
 * 1e999999999}) would reach the upstream as the string {@code "Infinity"}; an integer field given
 * as {@code 2.5}, {@code 1e3} or a 400-digit integer has no single meaning to every provider. Both
 * are refused instead.
 */
public final class NumberChecks {

  private NumberChecks() {}

  /**
   * Refuses the first non-finite number anywhere in {@code body}, naming its path; {@code dotted}
   * chooses Anthropic's path notation ({@code messages.0.x}) over OpenAI's ({@code messages[0].x}).
   */
  public static void allFinite(JsonNode body, boolean dotted) {
    find(body, "", dotted);
  }

  private static void find(JsonNode node, String path, boolean dotted) {
    if (node.isNumber() && !isFinite(node)) {
      throw new InvalidNumber(path, "expected a finite number");
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        find(field.getValue(), child, dotted);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        find(node.get(i), dotted ? path + "." + i : path + "[" + i + "]", dotted);
      }
    }
  }

  /**
   * An integer field: absent (or null), or a JSON integer from {@code min} to {@code max}; never a
   * fraction, an exponent or a number past {@code max}.
   */
  public static OptionalLong wholeNumber(JsonNode request, String field, long min, long max) {
    JsonNode value = request.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return OptionalLong.empty();
    }
    if (!value.isIntegralNumber()
        || !value.canConvertToLong()
        || value.asLong() < min
        || value.asLong() > max) {
      throw new InvalidNumber(field, "expected an integer from " + min + " to " + max);
    }
    return OptionalLong.of(value.asLong());
  }

  /** A number field: absent (or null), or a finite number from {@code min} to {@code max}. */
  public static void finiteNumber(JsonNode request, String field, double min, double max) {
    JsonNode value = request.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    if (!value.isNumber() || !isFinite(value)) {
      throw new InvalidNumber(field, "expected a number from " + plain(min) + " to " + plain(max));
    }
    BigDecimal number = value.decimalValue();
    if (number.compareTo(BigDecimal.valueOf(min)) < 0
        || number.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new InvalidNumber(field, "expected a number from " + plain(min) + " to " + plain(max));
    }
  }

  private static boolean isFinite(JsonNode number) {
    return !(number.isDouble() || number.isFloat()) || Double.isFinite(number.doubleValue());
  }

  private static String plain(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }
}
