package io.llmproxy.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request body of an exact size: a prefix, filler cut from one shared array and a suffix. The
 * filler is written straight from the shared array, so fifty 16 MB bodies in flight cost the sender
 * one 16 MB array, not 800 MB.
 */
public record LargeBody(byte[] prefix, byte[] filler, int fillerLength, byte[] suffix) {

  private static final int CHUNK = 64 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};

  /** Words a tokenizer splits as it would prose; safe inside a JSON string. */
  public static byte[] words(int size) {
    return repeat("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod ", size);
  }

  /** {@code 1,1,1,...}: a JSON array's worth of values, one node of a parsed tree per 2 bytes. */
  public static byte[] values(int size) {
    return repeat("1,", size);
  }

  /** {@code prefix + filler + suffix}, {@code size} bytes in all. */
  public static LargeBody of(String prefix, byte[] filler, String suffix, long size) {
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
    long length = size - head.length - tail.length;
    if (length < 0 || length > filler.length) {
      throw new IllegalArgumentException("no body of " + size + " bytes from this filler");
    }
    return new LargeBody(head, filler, (int) length, tail);
  }

  /**
   * A JSON array of {@code 1}s between {@code prefix} (ending in {@code [}) and {@code suffix}
   * (starting with the last {@code 1]}), {@code size} bytes in all: padded with a space so that the
   * filler is cut after a comma.
   */
  public static LargeBody valuesArray(String prefix, byte[] values, String suffix, long size) {
    long fillerLength = size - prefix.length() - suffix.length();
    String padded = fillerLength % 2 == 0 ? prefix : prefix + " ";
    return of(padded, values, suffix, size);
  }

  public long length() {
    return (long) prefix.length + fillerLength + suffix.length;
  }

  /** Writes the body as is (after a Content-Length) or in chunks (after chunked encoding). */
  public void writeTo(OutputStream out, boolean chunked) throws IOException {
    if (!chunked) {
      out.write(prefix);
      out.write(filler, 0, fillerLength);
      out.write(suffix);
      out.flush();
      return;
    }
    chunk(out, prefix, 0, prefix.length);
    for (int at = 0; at < fillerLength; at += CHUNK) {
      chunk(out, filler, at, Math.min(CHUNK, fillerLength - at));
    }
    chunk(out, suffix, 0, suffix.length);
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static void chunk(OutputStream out, byte[] bytes, int offset, int length)
      throws IOException {
    if (length == 0) {
      return;
    }
    out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
    out.write(CRLF);
    out.write(bytes, offset, length);
    out.write(CRLF);
  }

  private static byte[] repeat(String unit, int size) {
    byte[] pattern = unit.getBytes(StandardCharsets.US_ASCII);
    byte[] filler = new byte[size];
    for (int at = 0; at < size; at += pattern.length) {
      System.arraycopy(pattern, 0, filler, at, Math.min(pattern.length, size - at));
    }
    return filler;
  }
}
