package io.llmproxy.edge.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.UpstreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

/**
 * The request translation's choices beyond the golden files: tool choices, and every request it
 * refuses (a 400 naming the parameter) instead of sending Gemini something else than was asked.
 */
class GeminiRequestTranslationTest {

  private static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
  private static final String TOOL =
      "{\"type\":\"function\",\"function\":{\"name\":\"%s\",\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"q\":{\"type\":\"string\"}}}}}";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"none\"                                               | {\"mode\":\"NONE\"}",
        "\"auto\"                                               | {\"mode\":\"AUTO\"}",
        "\"required\"                                           | {\"mode\":\"ANY\"}",
        "{\"type\":\"function\",\"function\":{\"name\":\"b\"}} "
            + "| {\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}",
      })
  void toolChoiceBecomesAFunctionCallingMode(String choice, String expected) {
    JsonNode gemini =
        translate(
            "{\"messages\":["
                + USER
                + "],\"tools\":["
                + tool("a")
                + ","
                + tool("b")
                + "],"
                + "\"tool_choice\":"
                + choice
                + "}");
    assertThat(gemini.path("toolConfig").path("functionCallingConfig"))
        .isEqualTo(GeminiFixtures.parse(expected));
    assertThat(gemini.path("tools").path(0).path("functionDeclarations")).hasSize(2);
  }

  @Test
  void allowedToolsNarrowTheDeclarations() {
    JsonNode gemini =
        translate(
            "{\"messages\":["
                + USER
                + "],\"tools\":["
                + tool("a")
                + ","
                + tool("b")
                + "],"
                + "\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":"
                + "\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"b\"}}]}}}");
    assertThat(gemini.path("tools").path(0).path("functionDeclarations")).hasSize(1);
    assertThat(
            gemini.path("tools").path(0).path("functionDeclarations").path(0).path("name").asText())
        .isEqualTo("b");
    assertThat(gemini.path("toolConfig").path("functionCallingConfig").path("mode").asText())
        .isEqualTo("ANY");
  }

  @Test
  void jsonModeAsksForJsonWithoutASchema() {
    JsonNode config =
        translate("{\"messages\":[" + USER + "],\"response_format\":{\"type\":\"json_object\"}}")
            .path("generationConfig");
    assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(config.has("responseSchema")).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // invalid arguments of a replayed tool call
        "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]"
            + "| messages[0].tool_calls[0].function.arguments",
        "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}]"
            + "| messages[0].tool_calls[0].function.arguments",
        // a tool result whose call is unknown: Gemini needs the function's name
        "["
            + USER
            + ",{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}]"
            + "| messages[1].tool_call_id",
        // media Gemini cannot be given
        "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
            + "{\"url\":\"https://example.com/image\"}}]}] | messages[0].content[0]",
        "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
            + "{\"url\":\"ftp://example.com/a.png\"}}]}] | messages[0].content[0]",
        "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
            + "{\"url\":\"data:image/png,rawbytes\"}}]}] | messages[0].content[0]",
        "[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]"
            + "| messages[0].content[0]",
        "[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
            + "{\"url\":\"data:image/png;base64,AA==\"}}]},"
            + USER
            + "] | messages[0].content[0]",
        // a conversation of system messages only, and retired roles
        "[{\"role\":\"system\",\"content\":\"be nice\"}] | messages",
        "[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}] | messages[0].role",
        "[{\"role\":\"robot\",\"content\":\"x\"}] | messages[0].role",
      })
  void conversationsGeminiCannotTakeAreRefused(String messages, String param) {
    assertRefused("{\"messages\":" + messages + "}", Operation.CHAT_COMPLETIONS, param);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"logprobs\":true                                         | logprobs",
        "\"temperature\":\"hot\"                                   | temperature",
        "\"max_tokens\":0                                          | max_tokens",
        "\"stop\":[1]                                              | stop",
        "\"response_format\":{\"type\":\"yaml\"}                   | response_format.type",
        "\"reasoning_effort\":\"extreme\"                          | reasoning_effort",
        "\"tools\":[{\"type\":\"web_search\"}]                     | tools[0].type",
        "\"tool_choice\":\"auto\"                                  | tool_choice",
        "\"tools\":["
            + "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
            + "{\"$ref\":\"#/$defs/N\",\"$defs\":{\"N\":{\"type\":\"object\",\"properties\":"
            + "{\"next\":{\"$ref\":\"#/$defs/N\"}}}}}}}]          | tools[0].function.parameters",
        "\"tools\":["
            + "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
            + "{\"allOf\":[{\"type\":\"object\"},{\"type\":\"object\"}]}}}] "
            + "| tools[0].function.parameters",
      })
  void settingsGeminiCannotHonourAreRefused(String setting, String param) {
    assertRefused(
        "{\"messages\":[" + USER + "]," + setting + "}", Operation.CHAT_COMPLETIONS, param);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"prompt\":[\"one\",\"two\"]     | prompt",
        "\"prompt\":[1,2,3]               | prompt",
        "\"prompt\":\"x\",\"echo\":true   | echo",
        "\"prompt\":\"x\",\"suffix\":\"y\" | suffix",
        "\"prompt\":\"x\",\"best_of\":3   | best_of",
        "\"prompt\":\"x\",\"logprobs\":2  | logprobs",
      })
  void legacyCompletionsGeminiCannotAnswerAreRefused(String fields, String param) {
    assertRefused("{" + fields + "}", Operation.COMPLETIONS, param);
  }

  @Test
  void tokenIdsCannotBeEmbedded() {
    var call = GeminiFixtures.call(Operation.EMBEDDINGS, "{\"model\":\"e\",\"input\":[[1,2],[3]]}");
    assertThatThrownBy(() -> GeminiEmbeddings.request(call, "models/e"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.toClientError("gemini").param()).isEqualTo("input"));
  }

  private static void assertRefused(String request, Operation operation, String param) {
    ObjectNode body = (ObjectNode) GeminiFixtures.parse(request);
    body.put("model", "alias");
    var call = GeminiFixtures.call(operation, body);
    assertThatThrownBy(() -> new GeminiRequests(GeminiFixtures.JSON).generateContent(call))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              ApiException client = e.toClientError("gemini");
              assertThat(client.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(client.type()).isEqualTo("invalid_request_error");
              assertThat(client.param()).isEqualTo(param);
              assertThat(client.getMessage()).isNotBlank();
            });
  }

  private static JsonNode translate(String request) {
    ObjectNode body = (ObjectNode) GeminiFixtures.parse(request);
    body.put("model", "alias");
    return new GeminiRequests(GeminiFixtures.JSON)
        .generateContent(GeminiFixtures.call(Operation.CHAT_COMPLETIONS, body));
  }

  private static String tool(String name) {
    return String.format(TOOL, name);
  }
}
