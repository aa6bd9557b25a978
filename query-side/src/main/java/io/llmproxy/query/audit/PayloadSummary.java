package io.llmproxy.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An event's payload as a short JSON object for the audit trail, in the API's snake_case. Any
 * field, at any depth, whose name contains "hash", "secret", "password" or "token" is left out:
 * events are kept for ever and the trail is readable by every viewer, so a name that merely looks
 * secret is dropped too (e.g. {@code tokens_per_minute}). Long strings and arrays are cut.
 */
final class PayloadSummary {

  static final int MAX_TEXT = 120;
  static final int MAX_ITEMS = 20;
  private static final List<String> SECRET_WORDS = List.of("hash", "secret", "password", "token");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private PayloadSummary() {}

  static String of(Object payload) {
    return shorten(JSON.valueToTree(payload)).toString();
  }

  static boolean looksSecret(String fieldName) {
    String name = fieldName.toLowerCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(name::contains);
  }

  private static JsonNode shorten(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> secret = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (looksSecret(field.getKey())) {
          secret.add(field.getKey());
        } else {
          field.setValue(shorten(field.getValue()));
        }
      }
      object.remove(secret);
      return object;
    }
    if (node instanceof ArrayNode array) {
      int dropped = Math.max(0, array.size() - MAX_ITEMS);
      while (array.size() > MAX_ITEMS) {
        array.remove(array.size() - 1);
      }
      for (int i = 0; i < array.size(); i++) {
        array.set(i, shorten(array.get(i)));
      }
      if (dropped > 0) {
        array.add("… " + dropped + " more");
      }
      return array;
    }
    if (node.isTextual() && node.textValue().length() > MAX_TEXT) {
      return TextNode.valueOf(node.textValue().substring(0, MAX_TEXT) + "…");
    }
    return node;
  }
}
