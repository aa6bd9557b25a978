package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;

/**
 * An OpenAI chat (or legacy completions) request as a Gemini {@code GenerateContentRequest}.
 * Sampling settings Gemini also has are mapped; settings whose absence would silently change the
 * answer the caller asked for ({@code logprobs}, {@code echo}, {@code suffix}, several legacy
 * prompts) are refused with a 400; the rest ({@code user}, {@code metadata}, {@code store}, {@code
 * parallel_tool_calls}, {@code service_tier}, {@code stream_options}…) is ignored.
 */
final class GeminiRequests {

  private final ObjectMapper json;

  GeminiRequests(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode generateContent(ProviderCall call) {
    JsonNode request = call.request();
    JsonNode messages =
        call.operation() == Operation.COMPLETIONS
            ? legacyPrompt(request)
            : request.path("messages");
    GeminiContents.Conversation conversation = GeminiContents.of(messages, json);
    ObjectNode gemini = JsonNodeFactory.instance.objectNode();
    gemini.set("contents", conversation.contents());
    if (!conversation.systemParts().isEmpty()) {
      gemini.putObject("systemInstruction").set("parts", conversation.systemParts());
    }
    if (call.operation() == Operation.CHAT_COMPLETIONS) {
      GeminiTools.translate(request, gemini);
    }
    ObjectNode config = generationConfig(request);
    if (!config.isEmpty()) {
      gemini.set("generationConfig", config);
    }
    return gemini;
  }

  private static ObjectNode generationConfig(JsonNode request) {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    copyNumber(request, "temperature", config, "temperature");
    copyNumber(request, "top_p", config, "topP");
    copyNumber(request, "presence_penalty", config, "presencePenalty");
    copyNumber(request, "frequency_penalty", config, "frequencyPenalty");
    JsonNode maxTokens =
        request.hasNonNull("max_completion_tokens")
            ? request.path("max_completion_tokens")
            : request.path("max_tokens");
    String maxParam =
        request.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    if (!maxTokens.isMissingNode() && !maxTokens.isNull()) {
      config.put("maxOutputTokens", positiveInt(maxTokens, maxParam));
    }
    if (request.hasNonNull("seed")) {
      if (!request.path("seed").canConvertToInt() || !request.path("seed").isIntegralNumber()) {
        throw GeminiErrors.invalid("'seed' must be an integer that fits 32 bits.", "seed");
      }
      config.put("seed", request.path("seed").asInt());
    }
    if (request.hasNonNull("n")) {
      config.put("candidateCount", positiveInt(request.path("n"), "n"));
    }
    stopSequences(request.path("stop"), config);
    responseFormat(request.path("response_format"), config);
    if (request.path("logprobs").asBoolean(false) || request.hasNonNull("top_logprobs")) {
      throw GeminiErrors.unsupported("'logprobs' is not supported for Gemini routes.", "logprobs");
    }
    reasoningEffort(request.path("reasoning_effort"), config);
    return config;
  }

  private static void copyNumber(JsonNode request, String field, ObjectNode config, String to) {
    JsonNode value = request.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return;
    }
    if (!value.isNumber()) {
      throw GeminiErrors.invalid("'" + field + "' must be a number.", field);
    }
    config.set(to, value);
  }

  private static int positiveInt(JsonNode value, String field) {
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
      throw GeminiErrors.invalid("'" + field + "' must be a positive integer.", field);
    }
    return value.asInt();
  }

  private static void stopSequences(JsonNode stop, ObjectNode config) {
    if (stop.isMissingNode() || stop.isNull()) {
      return;
    }
    ArrayNode sequences = JsonNodeFactory.instance.arrayNode();
    if (stop.isTextual()) {
      sequences.add(stop.asText());
    } else if (stop.isArray()) {
      for (JsonNode each : stop) {
        if (!each.isTextual()) {
          throw GeminiErrors.invalid("'stop' must be a string or an array of strings.", "stop");
        }
        sequences.add(each);
      }
    } else {
      throw GeminiErrors.invalid("'stop' must be a string or an array of strings.", "stop");
    }
    if (!sequences.isEmpty()) {
      config.set("stopSequences", sequences);
    }
  }

  /** JSON mode and structured outputs both become a JSON answer, with a schema for the latter. */
  private static void responseFormat(JsonNode format, ObjectNode config) {
    if (format.isMissingNode() || format.isNull()) {
      return;
    }
    switch (format.path("type").asText()) {
      case "text" -> {}
      case "json_object" -> config.put("responseMimeType", "application/json");
      case "json_schema" -> {
        config.put("responseMimeType", "application/json");
        JsonNode schema = format.path("json_schema").path("schema");
        if (schema.isObject()) {
          config.set(
              "responseSchema",
              GeminiSchemas.toGemini(schema, "response_format.json_schema.schema"));
        }
      }
      default ->
          throw GeminiErrors.invalid(
              "'response_format.type' must be text, json_object or json_schema.",
              "response_format.type");
    }
  }

  /**
   * OpenAI's effort levels as Gemini thinking budgets (the ones Google's own OpenAI compatibility
   * layer documents); {@code none}/{@code minimal} switch thinking off where the model allows.
   */
  private static void reasoningEffort(JsonNode effort, ObjectNode config) {
    if (!effort.isTextual()) {
      return;
    }
    int budget =
        switch (effort.asText()) {
          case "none", "minimal" -> 0;
          case "low" -> 1024;
          case "medium" -> 8192;
          case "high" -> 24576;
          default ->
              throw GeminiErrors.invalid(
                  "'reasoning_effort' must be none, minimal, low, medium or high.",
                  "reasoning_effort");
        };
    config.putObject("thinkingConfig").put("thinkingBudget", budget);
  }

  /**
   * A legacy completions prompt as one user message. Gemini generates for one prompt per call, and
   * has no echo, suffix or best-of, so those are refused rather than answered differently.
   */
  private static JsonNode legacyPrompt(JsonNode request) {
    JsonNode prompt = request.path("prompt");
    if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      prompt = prompt.get(0);
    }
    if (!prompt.isTextual()) {
      throw GeminiErrors.unsupported(
          "Gemini routes take one text prompt per completions request (no token ids, no"
              + " batches of prompts).",
          "prompt");
    }
    if (request.path("echo").asBoolean(false)) {
      throw GeminiErrors.unsupported("'echo' is not supported for Gemini routes.", "echo");
    }
    if (request.path("suffix").isTextual() && !request.path("suffix").asText().isEmpty()) {
      throw GeminiErrors.unsupported("'suffix' is not supported for Gemini routes.", "suffix");
    }
    if (request.path("best_of").asInt(1) > Math.max(1, request.path("n").asInt(1))) {
      throw GeminiErrors.unsupported("'best_of' is not supported for Gemini routes.", "best_of");
    }
    if (request.hasNonNull("logprobs")) {
      throw GeminiErrors.unsupported("'logprobs' is not supported for Gemini routes.", "logprobs");
    }
    ArrayNode messages = JsonNodeFactory.instance.arrayNode();
    messages.addObject().put("role", "user").put("content", prompt.asText());
    return messages;
  }
}
