package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * OpenAI's {@code tools} and {@code tool_choice} as Gemini's {@code tools[].functionDeclarations}
 * and {@code toolConfig.functionCallingConfig}. Only function tools exist on both sides.
 */
final class GeminiTools {

  private GeminiTools() {}

  /** Adds {@code tools} and {@code toolConfig} to the Gemini request, if the call has tools. */
  static void translate(JsonNode request, ObjectNode gemini) {
    JsonNode tools = request.path("tools");
    JsonNode choice = request.path("tool_choice");
    if (tools.isMissingNode() || tools.isNull() || (tools.isArray() && tools.isEmpty())) {
      if (!choice.isMissingNode() && !choice.isNull() && !"none".equals(choice.asText())) {
        throw GeminiErrors.invalid("'tool_choice' needs 'tools'.", "tool_choice");
      }
      return;
    }
    if (request.hasNonNull("functions")) {
      throw GeminiErrors.unsupported(
          "The deprecated 'functions' parameter is not supported for Gemini; use 'tools'.",
          "functions");
    }
    if (!tools.isArray()) {
      throw GeminiErrors.invalid("'tools' must be an array.", "tools");
    }
    Set<String> allowed = allowedTools(choice);
    ArrayNode declarations = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < tools.size(); i++) {
      ObjectNode declaration = declaration(tools.get(i), "tools[" + i + "]");
      if (allowed == null || allowed.contains(declaration.path("name").asText())) {
        declarations.add(declaration);
      }
    }
    if (!declarations.isEmpty()) {
      gemini.putArray("tools").addObject().set("functionDeclarations", declarations);
    }
    ObjectNode config = callingConfig(choice);
    if (config != null) {
      gemini.putObject("toolConfig").set("functionCallingConfig", config);
    }
  }

  private static ObjectNode declaration(JsonNode tool, String where) {
    if (!"function".equals(tool.path("type").asText())) {
      throw GeminiErrors.unsupported(
          "Only tools of type 'function' are supported for Gemini, not '"
              + tool.path("type").asText()
              + "'.",
          where + ".type");
    }
    JsonNode function = tool.path("function");
    if (!function.path("name").isTextual()) {
      throw GeminiErrors.invalid("'" + where + ".function.name' must be a string.", where);
    }
    ObjectNode declaration = JsonNodeFactory.instance.objectNode();
    declaration.put("name", function.path("name").asText());
    if (function.path("description").isTextual()) {
      declaration.put("description", function.path("description").asText());
    }
    JsonNode parameters = function.path("parameters");
    // Gemini rejects an empty OBJECT schema: a function without parameters simply has none
    if (parameters.isObject() && !isEmptyObjectSchema(parameters)) {
      declaration.set(
          "parameters", GeminiSchemas.toGemini(parameters, where + ".function.parameters"));
    }
    return declaration;
  }

  private static boolean isEmptyObjectSchema(JsonNode schema) {
    JsonNode properties = schema.path("properties");
    return (properties.isMissingNode() || (properties.isObject() && properties.isEmpty()))
        && !schema.has("$ref")
        && !schema.has("anyOf")
        && !schema.has("oneOf")
        && !schema.has("allOf");
  }

  /**
   * {@code none}, {@code auto}, {@code required} map to NONE, AUTO, ANY; a named function to ANY
   * restricted to it; an {@code allowed_tools} choice filters the declarations (Gemini restricts
   * names only in ANY mode) and sets AUTO or ANY.
   */
  private static ObjectNode callingConfig(JsonNode choice) {
    if (choice.isMissingNode() || choice.isNull()) {
      return null;
    }
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    if (choice.isTextual()) {
      String mode =
          switch (choice.asText()) {
            case "none" -> "NONE";
            case "auto" -> "AUTO";
            case "required" -> "ANY";
            default ->
                throw GeminiErrors.invalid(
                    "'tool_choice' must be none, auto, required or an object.", "tool_choice");
          };
      return config.put("mode", mode);
    }
    String type = choice.path("type").asText();
    if ("function".equals(type) && choice.path("function").path("name").isTextual()) {
      config.put("mode", "ANY");
      config.putArray("allowedFunctionNames").add(choice.path("function").path("name").asText());
      return config;
    }
    if ("allowed_tools".equals(type)) {
      String mode = choice.path("allowed_tools").path("mode").asText("auto");
      return config.put("mode", "required".equals(mode) ? "ANY" : "AUTO");
    }
    throw GeminiErrors.unsupported(
        "This 'tool_choice' is not supported for Gemini; use none, auto, required, a function or"
            + " allowed_tools.",
        "tool_choice");
  }

  /** The function names an {@code allowed_tools} choice permits; null when all are allowed. */
  private static Set<String> allowedTools(JsonNode choice) {
    if (!"allowed_tools".equals(choice.path("type").asText())) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode tool : choice.path("allowed_tools").path("tools")) {
      JsonNode name = tool.path("function").path("name");
      if (name.isTextual()) {
        names.add(name.asText());
      }
    }
    return names;
  }
}
