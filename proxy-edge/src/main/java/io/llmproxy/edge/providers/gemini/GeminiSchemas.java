package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a JSON Schema (tool parameters, {@code response_format.json_schema}) into the OpenAPI
 * 3.0 subset Gemini's {@code Schema} accepts. Gemini rejects the whole request on any key it does
 * not know, so this keeps only the keys it documents and translates the common JSON Schema idioms
 * that have an equivalent; the rest (e.g. {@code additionalProperties}, {@code $schema}, {@code
 * strict}, {@code patternProperties}, {@code not}, {@code if}/{@code then}) is dropped, loosening
 * the schema rather than failing the call.
 */
final class GeminiSchemas {

  private static final Set<String> COPIED =
      Set.of(
          "title",
          "description",
          "nullable",
          "required",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties",
          "minLength",
          "maxLength",
          "pattern",
          "minimum",
          "maximum",
          "default",
          "example",
          "propertyOrdering");

  /** The formats Gemini accepts per type; any other format is dropped. */
  private static final Map<String, Set<String>> FORMATS =
      Map.of(
          "STRING", Set.of("enum", "date-time"),
          "NUMBER", Set.of("float", "double"),
          "INTEGER", Set.of("int32", "int64"));

  /** Deeper than any hand-written schema; reached only by a {@code $ref} cycle. */
  private static final int MAX_DEPTH = 32;

  private final JsonNode root;
  private final String param;

  private GeminiSchemas(JsonNode root, String param) {
    this.root = root;
    this.param = param;
  }

  /**
   * Gemini's form of {@code schema}; {@code param} names the schema's place in the OpenAI request
   * for error messages.
   */
  static ObjectNode toGemini(JsonNode schema, String param) {
    if (!schema.isObject()) {
      throw GeminiErrors.invalid("'" + param + "' must be a JSON Schema object.", param);
    }
    return new GeminiSchemas(schema, param).convert(schema, 0);
  }

  private ObjectNode convert(JsonNode schema, int depth) {
    if (depth > MAX_DEPTH) {
      throw GeminiErrors.unsupported(
          "'"
              + param
              + "' is recursive or nested too deeply; Gemini schemas cannot refer to"
              + " themselves.",
          param);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (!schema.isObject()) {
      return out;
    }
    if (schema.path("$ref").isTextual()) {
      ObjectNode resolved = convert(resolve(schema.path("$ref").asText()), depth + 1);
      // siblings of $ref (usually a description) refine the referenced schema
      copyKnown(schema, out);
      resolved.setAll(out);
      return resolved;
    }
    JsonNode allOf = schema.path("allOf");
    if (allOf.isArray()) {
      if (allOf.size() != 1) {
        throw GeminiErrors.unsupported(
            "'" + param + "' uses allOf with several schemas, which Gemini cannot express.", param);
      }
      ObjectNode merged = convert(allOf.get(0), depth + 1);
      copyKnown(schema, out);
      merged.setAll(out);
      return merged;
    }
    type(schema, out, depth);
    copyKnown(schema, out);
    enumValues(schema, out);
    JsonNode format = schema.path("format");
    if (format.isTextual()
        && FORMATS.getOrDefault(out.path("type").asText(), Set.of()).contains(format.asText())) {
      out.put("format", format.asText());
    }
    JsonNode properties = schema.path("properties");
    if (properties.isObject()) {
      ObjectNode converted = out.putObject("properties");
      properties
          .properties()
          .forEach(field -> converted.set(field.getKey(), convert(field.getValue(), depth + 1)));
    }
    if (schema.path("items").isObject()) {
      out.set("items", convert(schema.path("items"), depth + 1));
    }
    JsonNode anyOf = schema.path("anyOf").isArray() ? schema.path("anyOf") : schema.path("oneOf");
    if (anyOf.isArray()) {
      alternatives(anyOf, out, depth);
    }
    return out;
  }

  /** {@code "type": ["string", "null"]} becomes a nullable STRING; several types an anyOf. */
  private void type(JsonNode schema, ObjectNode out, int depth) {
    JsonNode type = schema.path("type");
    List<String> types = new ArrayList<>();
    if (type.isTextual()) {
      types.add(type.asText());
    } else if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    }
    if (types.size() > 1 && types.remove("null")) {
      out.put("nullable", true);
    }
    if (types.size() == 1) {
      out.put("type", types.get(0).toUpperCase(Locale.ROOT));
    } else if (types.size() > 1) {
      ArrayNode anyOf = out.putArray("anyOf");
      for (String each : types) {
        ObjectNode variant = schema.deepCopy();
        variant.put("type", each);
        variant.remove(List.of("anyOf", "oneOf", "description", "title"));
        anyOf.add(convert(variant, depth + 1));
      }
    } else if (schema.has("const")) {
      out.put("type", "STRING");
    }
  }

  /** A {@code null} alternative makes the schema nullable; Gemini has no null-only variant. */
  private void alternatives(JsonNode anyOf, ObjectNode out, int depth) {
    ArrayNode converted = JsonNodeFactory.instance.arrayNode();
    for (JsonNode variant : anyOf) {
      if ("null".equals(variant.path("type").asText())) {
        out.put("nullable", true);
      } else {
        converted.add(convert(variant, depth + 1));
      }
    }
    if (converted.size() == 1 && !out.has("type")) {
      ((ObjectNode) converted.get(0))
          .properties()
          .forEach(f -> out.putIfAbsent(f.getKey(), f.getValue()));
    } else if (!converted.isEmpty()) {
      out.set("anyOf", converted);
    }
  }

  /**
   * Gemini enums are strings: a string enum (or {@code const}) passes, nulls in it become {@code
   * nullable}, and an enum of other values is dropped rather than turning numbers into strings the
   * caller's code would not expect.
   */
  private static void enumValues(JsonNode schema, ObjectNode out) {
    JsonNode values = schema.has("enum") ? schema.path("enum") : null;
    if (values == null && schema.path("const").isTextual()) {
      out.putArray("enum").add(schema.path("const").asText());
      out.put("format", "enum");
      return;
    }
    if (values == null || !values.isArray()) {
      return;
    }
    ArrayNode strings = JsonNodeFactory.instance.arrayNode();
    for (JsonNode value : values) {
      if (value.isNull()) {
        out.put("nullable", true);
      } else if (value.isTextual()) {
        strings.add(value);
      } else {
        return;
      }
    }
    if (!strings.isEmpty() && "STRING".equals(out.path("type").asText("STRING"))) {
      out.put("type", "STRING");
      out.put("format", "enum");
      out.set("enum", strings);
    }
  }

  private static void copyKnown(JsonNode schema, ObjectNode out) {
    schema
        .properties()
        .forEach(
            field -> {
              if (COPIED.contains(field.getKey()) && !field.getValue().isNull()) {
                out.set(field.getKey(), field.getValue().deepCopy());
              }
            });
  }

  /** Local references only ({@code #/$defs/...}, {@code #/definitions/...}). */
  private JsonNode resolve(String ref) {
    if (!ref.startsWith("#/")) {
      throw GeminiErrors.unsupported(
          "'" + param + "' refers to an external schema (" + ref + "); only local $refs work.",
          param);
    }
    JsonNode target = root;
    for (String step : ref.substring(2).split("/")) {
      target = target.path(step.replace("~1", "/").replace("~0", "~"));
    }
    if (!target.isObject()) {
      throw GeminiErrors.invalid("'" + param + "' refers to " + ref + ", which is missing.", param);
    }
    return target;
  }
}
