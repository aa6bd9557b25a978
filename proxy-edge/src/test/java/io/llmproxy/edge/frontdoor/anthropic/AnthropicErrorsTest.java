package io.llmproxy.edge.frontdoor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.errors.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;

/** The proxy's errors in Anthropic's error shape. */
class AnthropicErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "400, invalid_request_error",
    "401, authentication_error",
    "402, billing_error",
    "403, permission_error",
    "404, not_found_error",
    "409, invalid_request_error",
    "413, request_too_large",
    "422, invalid_request_error",
    "429, rate_limit_error",
    "500, api_error",
    "502, api_error",
    "503, api_error",
    "504, api_error",
    "529, overloaded_error"
  })
  void eachStatusHasAnthropicsErrorType(int status, String type) {
    assertThat(AnthropicErrors.type(status)).isEqualTo(type);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TOO_MANY_REQUESTS, rate_limit_error",
    "UNAUTHORIZED, authentication_error",
    "BAD_GATEWAY, api_error"
  })
  void anApiExceptionKeepsItsMessageAndTakesTheTypeOfItsStatus(HttpStatus status, String type) {
    ApiException error = new ApiException(status, "whatever", "some_code", null, "What happened.");
    JsonNode body = JSON.valueToTree(AnthropicErrors.of(error, "req_123"));

    JsonNode expected =
        JSON.createObjectNode()
            .put("type", "error")
            .put("request_id", "req_123")
            .set(
                "error",
                JSON.createObjectNode().put("type", type).put("message", "What happened."));
    assertThat(body).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"messages.0.content, 'messages.0.content: Field required'"})
  void anInvalidRequestNamesItsFieldAndOmitsAnUnknownRequestId(String param, String message) {
    JsonNode body =
        JSON.valueToTree(
            AnthropicErrors.of(new InvalidMessagesRequest(param, "Field required"), null));

    assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(body.path("error").path("message").asText()).isEqualTo(message);
    assertThat(body.has("request_id")).isFalse();
  }
}
