package io.llmproxy.edge.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictJsonTextTest {

  /** Byte patterns a lenient decoder turns into other characters, or into replacement ones. */
  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("overlong '/' in two bytes", bytes(0xC0, 0xAF)),
        Arguments.of("overlong 'A' in two bytes (C1)", bytes(0xC1, 0x81)),
        Arguments.of("overlong '/' in three bytes", bytes(0xE0, 0x80, 0xAF)),
        Arguments.of("overlong '/' in four bytes", bytes(0xF0, 0x80, 0x80, 0xAF)),
        Arguments.of("overlong U+07FF in three bytes", bytes(0xE0, 0x9F, 0xBF)),
        Arguments.of("high surrogate D800", bytes(0xED, 0xA0, 0x80)),
        Arguments.of("low surrogate DFFF", bytes(0xED, 0xBF, 0xBF)),
        Arguments.of("surrogate pair as CESU-8", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB2, 0xA9)),
        Arguments.of("U+110000", bytes(0xF4, 0x90, 0x80, 0x80)),
        Arguments.of("F5 lead byte", bytes(0xF5, 0x80, 0x80, 0x80)),
        Arguments.of("F8 five-byte form", bytes(0xF8, 0x88, 0x80, 0x80, 0x80)),
        Arguments.of("FC six-byte form", bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80)),
        Arguments.of("FE", bytes(0xFE)),
        Arguments.of("FF", bytes(0xFF)),
        Arguments.of("stray continuation 80", bytes(0x80)),
        Arguments.of("stray continuation BF", bytes(0xBF)),
        Arguments.of("two-byte lead without continuation", bytes(0xC3, 0x41)),
        Arguments.of("three-byte sequence cut after two", bytes(0xE2, 0x82, 0x41)),
        Arguments.of("four-byte sequence cut after three", bytes(0xF0, 0x9F, 0x98, 0x41)),
        Arguments.of("lone high surrogate escape", ascii("\\uD800")),
        Arguments.of("lone low surrogate escape", ascii("\\uDC00")),
        Arguments.of("lowercase lone escape", ascii("\\udbff")),
        Arguments.of("high escape then a letter", ascii("\\uD800\\u0041")),
        Arguments.of("high escape then high escape", ascii("\\uD800\\uD800")),
        Arguments.of("pair reversed", ascii("\\uDC00\\uD800")));
  }

  static Stream<Arguments> wellFormed() {
    return Stream.of(
        Arguments.of("ASCII", ascii("plain")),
        Arguments.of("é", bytes(0xC3, 0xA9)),
        Arguments.of("U+0080", bytes(0xC2, 0x80)),
        Arguments.of("U+0800", bytes(0xE0, 0xA0, 0x80)),
        Arguments.of("€", bytes(0xE2, 0x82, 0xAC)),
        Arguments.of("U+D7FF", bytes(0xED, 0x9F, 0xBF)),
        Arguments.of("U+E000", bytes(0xEE, 0x80, 0x80)),
        Arguments.of("U+10000", bytes(0xF0, 0x90, 0x80, 0x80)),
        Arguments.of("U+10FFFF", bytes(0xF4, 0x8F, 0xBF, 0xBF)),
        Arguments.of("escaped pair", ascii("\\uD834\\uDD1E")),
        Arguments.of("escaped BMP character", ascii("\\u00e9")),
        Arguments.of("escaped backslash before uD800 text", ascii("\\\\uD800")),
        Arguments.of("escaped quote", ascii("\\\"\\uD834\\uDD1E")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedTextInAStringIsRefused(String name, byte[] inside) {
    assertThat(StrictJsonText.problem(inString(inside))).as(name).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wellFormed")
  void wellFormedTextPasses(String name, byte[] inside) {
    assertThat(StrictJsonText.problem(inString(inside))).as(name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void aTruncatedSequenceAtTheEndIsRefused(String name, byte[] inside) {
    if ((inside[0] & 0xFF) < 0xC2 || inside.length < 2) {
      return;
    }
    byte[] cut = new byte[inside.length - 1];
    System.arraycopy(inside, 0, cut, 0, cut.length);
    byte[] text = concat(ascii("{\"a\":\""), cut);
    assertThat(StrictJsonText.problem(text)).as(name).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void invalidBytesOutsideStringsAreRefusedToo(String name, byte[] inside) {
    if (inside[0] == '\\') {
      return; // an escape outside a string is the parser's to refuse
    }
    assertThat(StrictJsonText.problem(concat(ascii("{\"a\":1}"), inside))).as(name).isPresent();
  }

  private static byte[] inString(byte[] inside) {
    return concat(concat(ascii("{\"content\":\"x"), inside), ascii("y\"}"));
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }
}
