package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Shared pieces of the translation tests: fixtures, a fixed clock, predictable tool-call ids. */
final class GeminiFixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
  static final String MODEL = "gemini-2.5-flash";
  static final String EMBEDDING_MODEL = "gemini-embedding-001";

  private GeminiFixtures() {}

  /** call_1, call_2, … in order of use. */
  static Supplier<String> sequentialIds() {
    AtomicInteger next = new AtomicInteger();
    return () -> "call_" + next.incrementAndGet();
  }

  static ProviderCall call(Operation operation, String requestJson) {
    return call(operation, (ObjectNode) parse(requestJson));
  }

  static ProviderCall call(Operation operation, ObjectNode request) {
    String model = operation == Operation.EMBEDDINGS ? EMBEDDING_MODEL : MODEL;
    return new ProviderCall("req-1", operation, model, request);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = GeminiFixtures.class.getResourceAsStream("/golden/gemini/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture golden/gemini/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean exists(String name) {
    return GeminiFixtures.class.getResource("/golden/gemini/" + name) != null;
  }

  static JsonNode json(String name) {
    return parse(resource(name));
  }

  /** One JSON object per non-blank line. */
  static List<ObjectNode> lines(String name) {
    List<ObjectNode> objects = new ArrayList<>();
    for (String line : resource(name).split("\n")) {
      if (!line.isBlank()) {
        objects.add((ObjectNode) parse(line));
      }
    }
    return objects;
  }
}
