package io.llmproxy.query.paging;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Query-string checks of the read API. Parameters arrive as text and are parsed here, so a bad
 * value is a 400 whose message names the parameter rather than Spring's generic type mismatch. A
 * blank value counts as absent.
 */
public final class QueryParameters {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private QueryParameters() {}

  /** Page size: {@value #DEFAULT_LIMIT} when absent, at most {@value #MAX_LIMIT}. */
  public static int limit(String raw) {
    if (absent(raw)) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    return limit;
  }

  public static Cursor cursor(String raw, String name) {
    return absent(raw) ? null : Cursor.decode(raw.strip(), name);
  }

  /** An id-shaped value (letters, digits, '.', '_', ':', '-'; 1-128), or null when absent. */
  public static String identifier(String raw, String name) {
    if (absent(raw)) {
      return null;
    }
    if (!IDENTIFIER.matcher(raw).matches()) {
      throw badRequest(name + " must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return raw;
  }

  /** Free text of at most {@code maxLength} characters, or null when absent. */
  public static String text(String raw, String name, int maxLength) {
    if (absent(raw)) {
      return null;
    }
    if (raw.length() > maxLength) {
      throw badRequest(name + " must be at most " + maxLength + " characters");
    }
    return raw;
  }

  public static Instant instant(String raw, String name) {
    if (absent(raw)) {
      return null;
    }
    try {
      return Instant.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw badRequest(name + " must be an ISO-8601 instant such as 2026-01-31T10:00:00Z");
    }
  }

  public static ResponseStatusException badRequest(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }

  public static ResponseStatusException notFound(String message) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, message);
  }

  private static boolean absent(String raw) {
    return raw == null || raw.isBlank();
  }
}
