package io.llmproxy.edge.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/**
 * Keeps the names of classes, packages and library settings out of error answers. Framework and
 * parser messages are written for the server's developers ({@code bodyType=...SessionRequest},
 * {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS}); a client can do nothing with them, and
 * they tell an attacker which libraries, at which versions, sit behind the API.
 */
public final class PlainWording {

  private static final Pattern SPEAKS_JAVA =
      Pattern.compile(
          "\\b(java|javax|jakarta|io\\.llmproxy|com\\.fasterxml|org\\.springframework|reactor"
              + "|io\\.netty)\\.|Exception|bodyType=|DeserializationFeature|StreamReadConstraints"
              + "|JsonNode|\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w+|`");

  private PlainWording() {}

  /** Whether {@code message} names Java types, packages or library features. */
  public static boolean speaksJava(String message) {
    return message != null && SPEAKS_JAVA.matcher(message).find();
  }

  /** {@code message} when it is plain, else {@code plain}. */
  public static String or(String message, String plain) {
    return message == null || message.isBlank() || speaksJava(message) ? plain : message;
  }

  /** What went wrong with a JSON body, in words a client can act on, with where if known. */
  public static String jsonProblem(JsonProcessingException e) {
    // a parser limit (nesting depth, number length) fails with no location: without this check
    // the 10,000-deep body of the hostile corpus was a NullPointerException and a 500
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    if (e instanceof StreamConstraintsException) {
      return "The JSON body exceeds a parser limit: it nests too deeply, or a number, string or"
          + " name in it is too long.";
    }
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("Trailing token")) {
      return "The request body holds more than one JSON value; send exactly one JSON object"
          + where
          + ".";
    }
    return "We could not parse the JSON body of your request: "
        + or(original, "it is not valid JSON")
        + where;
  }
}
