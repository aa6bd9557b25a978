package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads Gemini's error answers for what their HTTP status alone does not say, before the shared
 * client turns them into failures:
 *
 * <ul>
 *   <li>an invalid or expired API key comes back as 400 {@code INVALID_ARGUMENT} (reason {@code
 *       API_KEY_INVALID}, {@code API_KEY_EXPIRED}…), which would reach the client as its own bad
 *       request; it is our credential, so it becomes a 401, which the proxy reports as a gateway
 *       error;
 *   <li>a 429 names its wait in a {@code RetryInfo} detail ({@code "retryDelay": "17s"}) rather
 *       than a {@code Retry-After} header; it becomes that header, rounded up to whole seconds.
 * </ul>
 *
 * Successful answers, streams among them, pass untouched.
 */
final class GeminiErrorFilter {

  private GeminiErrorFilter() {}

  static ExchangeFilterFunction create(ObjectMapper json) {
    return ExchangeFilterFunction.ofResponseProcessor(
        response -> {
          if (response.statusCode().is2xxSuccessful()) {
            return Mono.just(response);
          }
          return response
              .bodyToMono(byte[].class)
              .defaultIfEmpty(new byte[0])
              .map(bytes -> rewrite(response, bytes, parse(json, bytes)));
        });
  }

  private static ClientResponse rewrite(ClientResponse response, byte[] bytes, JsonNode body) {
    ClientResponse.Builder rewritten =
        response.mutate().body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
    JsonNode details = body.path("error").path("details");
    if (response.statusCode().value() == 400 && credentialRejected(details)) {
      rewritten.statusCode(HttpStatus.UNAUTHORIZED);
    }
    if (response.statusCode().value() == 429
        && response.headers().header(HttpHeaders.RETRY_AFTER).isEmpty()) {
      String delay = retryDelaySeconds(details);
      if (delay != null) {
        rewritten.headers(headers -> headers.set(HttpHeaders.RETRY_AFTER, delay));
      }
    }
    return rewritten.build();
  }

  private static boolean credentialRejected(JsonNode details) {
    for (JsonNode detail : details) {
      if (detail.path("@type").asText().endsWith("google.rpc.ErrorInfo")
          && detail.path("reason").asText().startsWith("API_KEY_")) {
        return true;
      }
    }
    return false;
  }

  /** {@code "17s"} or {@code "0.5s"} (protobuf Duration) as whole seconds, at least one. */
  private static String retryDelaySeconds(JsonNode details) {
    for (JsonNode detail : details) {
      String delay = detail.path("retryDelay").asText("");
      if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo")
          && delay.matches("[0-9]{1,9}(\\.[0-9]{1,9})?s")) {
        BigDecimal seconds = new BigDecimal(delay.substring(0, delay.length() - 1));
        return seconds.setScale(0, RoundingMode.CEILING).max(BigDecimal.ONE).toPlainString();
      }
    }
    return null;
  }

  private static JsonNode parse(ObjectMapper json, byte[] bytes) {
    try {
      JsonNode node = json.readTree(bytes);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
