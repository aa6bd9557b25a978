package io.llmproxy.query.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/**
 * JSON text columns of the read models (lists and label maps). A mapper of its own, so the HTTP
 * API's Jackson settings cannot change what is stored.
 */
public final class StoredJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private StoredJson() {}

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not storable as JSON: " + value.getClass(), e);
    }
  }

  public static List<String> strings(String json) {
    return read(json, STRINGS);
  }

  public static Map<String, String> labels(String json) {
    return read(json, LABELS);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a read model holds malformed JSON", e);
    }
  }
}
