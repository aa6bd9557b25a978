package io.llmproxy.edge.encoding;

import java.util.Optional;

/**
 * Whether request bytes are JSON text as RFC 8259 defines it: UTF-8 in its shortest form with no
 * surrogates and nothing above U+10FFFF, and no {@code \\u} escape that leaves half a surrogate
 * pair. A lenient decoder turns such bytes into other characters (the overlong {@code C0 AF} into
 * {@code /}) that then travel upstream as if the client had sent them, so they are refused instead.
 */
public final class StrictJsonText {

  /** One byte of the text; lets a pooled buffer be checked without copying it. */
  @FunctionalInterface
  public interface Bytes {
    byte at(int index);
  }

  private StrictJsonText() {}

  /** Why {@code bytes} are not strict JSON text, or empty when they are. */
  public static Optional<String> problem(byte[] bytes) {
    return problem(i -> bytes[i], bytes.length);
  }

  /** Why the {@code length} bytes of {@code bytes} are not strict JSON text, or empty. */
  public static Optional<String> problem(Bytes bytes, int length) {
    boolean inString = false;
    int i = 0;
    while (i < length) {
      int b = bytes.at(i) & 0xFF;
      if (b >= 0x80) {
        int size = sequenceLength(bytes, i, length);
        if (size < 0) {
          return Optional.of(
              "The request body is not valid UTF-8 (at byte " + i + "); send UTF-8 text.");
        }
        i += size;
      } else if (b == '"') {
        inString = !inString;
        i++;
      } else if (inString && b == '\\') {
        int escaped = escapeLength(bytes, i, length);
        if (escaped < 0) {
          return Optional.of(
              "The request body holds an escape for half a UTF-16 surrogate pair (at byte "
                  + i
                  + "); escape characters outside the Basic Multilingual Plane as a whole pair.");
        }
        i += escaped;
      } else {
        i++;
      }
    }
    return Optional.empty();
  }

  /**
   * The length of the well-formed UTF-8 sequence starting at {@code i} (Unicode's table 3-7), or
   * -1: this excludes overlong forms, surrogates, values above U+10FFFF, truncated sequences, stray
   * continuation bytes and the bytes C0, C1 and F5 to FF.
   */
  private static int sequenceLength(Bytes bytes, int i, int length) {
    int lead = bytes.at(i) & 0xFF;
    int size;
    int low = 0x80;
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      size = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      size = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      size = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
      return -1;
    }
    if (i + size > length) {
      return -1;
    }
    int second = bytes.at(i + 1) & 0xFF;
    if (second < low || second > high) {
      return -1;
    }
    for (int k = 2; k < size; k++) {
      int next = bytes.at(i + k) & 0xFF;
      if (next < 0x80 || next > 0xBF) {
        return -1;
      }
    }
    return size;
  }

  /**
   * How many bytes the escape at {@code i} takes, or -1 for a lone surrogate. Malformed escapes are
   * left for the JSON parser to report.
   */
  private static int escapeLength(Bytes bytes, int i, int length) {
    if (i + 1 >= length || bytes.at(i + 1) != 'u') {
      return 2;
    }
    int unit = hex4(bytes, i + 2, length);
    if (unit < 0 || unit < 0xD800 || unit > 0xDFFF) {
      return 2;
    }
    if (unit >= 0xDC00) {
      return -1;
    }
    boolean pairFollows = i + 7 < length && bytes.at(i + 6) == '\\' && bytes.at(i + 7) == 'u';
    int next = pairFollows ? hex4(bytes, i + 8, length) : -1;
    return next >= 0xDC00 && next <= 0xDFFF ? 12 : -1;
  }

  private static int hex4(Bytes bytes, int from, int length) {
    if (from + 4 > length) {
      return -1;
    }
    int value = 0;
    for (int k = from; k < from + 4; k++) {
      int digit = Character.digit(bytes.at(k), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
