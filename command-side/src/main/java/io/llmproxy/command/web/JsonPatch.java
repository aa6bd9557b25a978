package io.llmproxy.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A PATCH body read field by field, because "absent" (leave it) and {@code null} (clear it) mean
 * different things there and a record cannot tell them apart.
 */
public final class JsonPatch {

  private final JsonNode body;
  private final ObjectMapper json;

  public JsonPatch(JsonNode body, ObjectMapper json, Set<String> knownFields) {
    if (body == null || !body.isObject()) {
      throw Requests.badRequest("the body must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!knownFields.contains(name)) {
        throw Requests.badRequest(name + ": unknown field (known: " + knownFields + ")");
      }
    }
    this.body = body;
    this.json = json;
  }

  public boolean has(String field) {
    return body.has(field);
  }

  /** Present and JSON {@code null}: the caller asks to clear the attribute. */
  public boolean isCleared(String field) {
    return body.has(field) && body.get(field).isNull();
  }

  /** The field as {@code type} when present and not null, else null; a bad value is a 400. */
  public <T> T value(String field, Class<T> type) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return json.treeToValue(node, type);
    } catch (UnrecognizedPropertyException e) {
      throw Requests.badRequest(
          field
              + "."
              + e.getPropertyName()
              + ": unknown field (known: "
              + String.join(
                  ", ",
                  new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()))
              + ")");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw Requests.badRequest(field + ": " + reason(e));
    }
  }

  /** Like {@link #value} for a field whose value must then pass {@code check}. */
  public <T, R> R value(String field, Class<T> type, Function<T, R> check) {
    T value = value(field, type);
    return value == null ? null : check.apply(value);
  }

  private static String reason(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof IllegalArgumentException && cause.getMessage() != null
        ? cause.getMessage()
        : "not a valid value";
  }
}
