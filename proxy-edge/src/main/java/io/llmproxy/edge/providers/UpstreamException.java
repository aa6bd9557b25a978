package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import org.springframework.http.HttpStatus;

/**
 * An upstream call that did not produce an answer. Carries what the client should see: upstream
 * validation errors pass through, while upstream credential and server faults become gateway errors
 * so a client never mistakes them for problems with its own key.
 */
public class UpstreamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int upstreamStatus;
  private final transient ObjectNode upstreamError;

  public UpstreamException(int upstreamStatus, ObjectNode upstreamError, String message) {
    super(message, null, false, false);
    this.upstreamStatus = upstreamStatus;
    this.upstreamError = upstreamError;
  }

  /** No HTTP answer at all: connection refused or reset, timeout, unreadable body. */
  public static UpstreamException unreachable(String message) {
    return new UpstreamException(0, null, message);
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  public ApiException toClientError(String provider) {
    if (upstreamStatus == 0) {
      return new ApiException(
          HttpStatus.BAD_GATEWAY,
          "api_error",
          "upstream_unavailable",
          null,
          "Provider '" + provider + "' could not be reached: " + getMessage());
    }
    if (upstreamStatus == 429) {
      return new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          "rate_limit_error",
          "upstream_rate_limited",
          null,
          "Provider '" + provider + "' is rate limiting requests; retry later.");
    }
    if (upstreamStatus == 408 || upstreamStatus == 504) {
      return new ApiException(
          HttpStatus.GATEWAY_TIMEOUT,
          "api_error",
          "upstream_timeout",
          null,
          "Provider '" + provider + "' timed out.");
    }
    if (upstreamStatus >= 400
        && upstreamStatus < 500
        && upstreamStatus != 401
        && upstreamStatus != 403) {
      var error = upstreamError == null ? null : upstreamError.path("error");
      String message =
          error != null && error.path("message").isTextual()
              ? error.path("message").asText()
              : getMessage();
      String param =
          error != null && error.path("param").isTextual() ? error.path("param").asText() : null;
      String code =
          error != null && error.path("code").isTextual() ? error.path("code").asText() : null;
      HttpStatus status = HttpStatus.resolve(upstreamStatus);
      return new ApiException(
          status == null ? HttpStatus.BAD_REQUEST : status,
          "invalid_request_error",
          code,
          param,
          message);
    }
    return new ApiException(
        HttpStatus.BAD_GATEWAY,
        "api_error",
        "upstream_error",
        null,
        "Provider '" + provider + "' failed with HTTP " + upstreamStatus + ".");
  }
}
