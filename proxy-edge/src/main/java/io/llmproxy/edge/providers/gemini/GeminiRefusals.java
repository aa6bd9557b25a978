package io.llmproxy.edge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.llmproxy.edge.providers.UpstreamClient.Refusal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.UnaryOperator;

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
 * Successful answers, streams among them, never get here.
 */
final class GeminiRefusals implements UnaryOperator<Refusal> {

  @Override
  public Refusal apply(Refusal refusal) {
    JsonNode details =
        refusal.body() == null
            ? MissingNode.getInstance()
            : refusal.body().path("error").path("details");
    Refusal read = refusal;
    if (refusal.status() == 400 && credentialRejected(details)) {
      read = read.withStatus(401);
    }
    if (refusal.status() == 429 && refusal.retryAfter() == null) {
      String delay = retryDelaySeconds(details);
      if (delay != null) {
        read = read.withRetryAfter(delay);
      }
    }
    return read;
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
}
