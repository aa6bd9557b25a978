package io.llmproxy.command.web;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Input checks shared by the admin endpoints; each failure is a 400 naming the field. */
public final class Requests {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private Requests() {}

  public static String requireText(String value, String field, int maxLength) {
    if (value == null || value.isBlank()) {
      throw badRequest(field + " is required");
    }
    if (value.length() > maxLength) {
      throw badRequest(field + " must be at most " + maxLength + " characters");
    }
    return value.strip();
  }

  public static String requireIdentifier(String value, String field) {
    if (value == null || !IDENTIFIER.matcher(value).matches()) {
      throw badRequest(
          field + " must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return value;
  }

  public static ResponseStatusException badRequest(String message) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, message);
  }
}
