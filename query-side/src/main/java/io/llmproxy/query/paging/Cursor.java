package io.llmproxy.query.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A position in a list ordered by a number and then an id (keyset paging): the next page starts
 * strictly after it, so rows added or changed meanwhile never repeat or shift a page. Clients get
 * it as opaque text, which leaves the order free to change.
 *
 * @param order the row's sort number (a time or a global event position)
 * @param id the row's id breaking ties of {@code order}; empty where {@code order} is unique
 */
public record Cursor(long order, String id) {

  private static final String VERSION = "1";

  public String encode() {
    String plain = VERSION + ":" + order + ":" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a cursor this service returned; anything else is a 400 naming {@code parameter}. */
  public static Cursor decode(String text, String parameter) {
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 3);
    } catch (IllegalArgumentException e) {
      throw QueryParameters.badRequest(invalid(parameter));
    }
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw QueryParameters.badRequest(invalid(parameter));
    }
    try {
      return new Cursor(Long.parseLong(parts[1]), parts[2]);
    } catch (NumberFormatException e) {
      throw QueryParameters.badRequest(invalid(parameter));
    }
  }

  private static String invalid(String parameter) {
    return parameter + ": not a cursor this endpoint returned (pass next_cursor unchanged)";
  }
}
