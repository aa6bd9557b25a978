package io.llmproxy.edge.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.netty.http.client.PrematureCloseException;

/**
 * An upstream call that did not produce an answer. Carries what the client should see: upstream
 * validation errors pass through, while upstream credential and server faults become gateway errors
 * so a client never mistakes them for problems with its own key.
 */
public class UpstreamException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int upstreamStatus;
  private final transient ObjectNode upstreamError;

  private final String retryAfter;

  public UpstreamException(int upstreamStatus, ObjectNode upstreamError, String message) {
    this(upstreamStatus, upstreamError, message, null);
  }

  private UpstreamException(
      int upstreamStatus, ObjectNode upstreamError, String message, String retryAfter) {
    super(message, null, false, false);
    this.upstreamStatus = upstreamStatus;
    this.upstreamError = upstreamError;
    this.retryAfter = retryAfter;
  }

  /**
   * The same failure with the provider's {@code Retry-After} value, passed on to the client when it
   * is well formed (delay seconds or an HTTP date).
   */
  public UpstreamException withRetryAfter(String value) {
    if (value == null || !isRetryAfter(value.strip())) {
      return this;
    }
    return new UpstreamException(upstreamStatus, upstreamError, getMessage(), value.strip());
  }

  private static boolean isRetryAfter(String value) {
    if (value.matches("[0-9]{1,9}")) {
      return true;
    }
    try {
      DateTimeFormatter.RFC_1123_DATE_TIME.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** No HTTP answer at all: connection refused, reset or closed early. */
  public static UpstreamException unreachable(String reason) {
    return new UpstreamException(0, null, "could not be reached: " + reason);
  }

  /** An answer that breaks the provider's protocol: unreadable body, truncated stream. */
  public static UpstreamException malformed(String reason) {
    return new UpstreamException(0, null, "sent an unusable answer: " + reason);
  }

  /** No answer in time: before the first byte, or between two bytes of a stream. */
  public static UpstreamException timedOut() {
    return new UpstreamException(504, null, "no answer in time");
  }

  /**
   * What a transport failure means for the client: an {@link UpstreamException} stays as it is, a
   * timeout anywhere in the cause chain becomes a 504, anything else (refused, reset, closed early)
   * a 502.
   */
  public static UpstreamException from(Throwable failure) {
    if (failure instanceof UpstreamException upstream) {
      return upstream;
    }
    Throwable root = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
        return timedOut();
      }
      if (cause instanceof PrematureCloseException) {
        return new UpstreamException(
            0, null, "closed the connection before its answer was complete");
      }
      root = cause;
      if (cause.getCause() == cause) {
        break;
      }
    }
    return unreachable(describe(root));
  }

  /** The transport failure in words: its class name would tell a client which stack runs here. */
  private static String describe(Throwable root) {
    if (root instanceof ConnectException) {
      return "the connection was refused";
    }
    if (root instanceof UnknownHostException) {
      return "its host name could not be resolved";
    }
    if (root instanceof SSLException) {
      return "the TLS handshake failed";
    }
    return "the connection failed";
  }

  public int upstreamStatus() {
    return upstreamStatus;
  }

  /**
   * Whether another attempt (on this deployment or another) may succeed: no answer at all, a
   * timeout, a rate limit, an overloaded or failing server. A refusal of the request itself is not.
   */
  public boolean isRetryable() {
    return upstreamStatus == 0
        || upstreamStatus == 408
        || upstreamStatus == 409
        || upstreamStatus == 429
        || upstreamStatus >= 500;
  }

  /**
   * Whether the provider refused the prompt as longer than the model's context window: OpenAI's
   * {@code context_length_exceeded}, and the wording of providers without such a code.
   */
  public boolean isContextLengthExceeded() {
    if (upstreamStatus != 400 && upstreamStatus != 413) {
      return false;
    }
    JsonNode error = upstreamError == null ? null : upstreamError.path("error");
    if (error == null) {
      return false;
    }
    if ("context_length_exceeded".equals(error.path("code").asText())) {
      return true;
    }
    String message = error.path("message").asText("").toLowerCase(Locale.ROOT);
    return message.contains("context length")
        || message.contains("context window")
        || message.contains("maximum context")
        || message.contains("prompt is too long")
        || message.contains("too many tokens");
  }

  /** The provider's {@code Retry-After} in milliseconds from now, or 0 if it sent none. */
  public long retryAfterMillis(Instant now) {
    if (retryAfter == null) {
      return 0;
    }
    if (retryAfter.matches("[0-9]{1,9}")) {
      return Long.parseLong(retryAfter) * 1_000;
    }
    Instant at = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(retryAfter));
    return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
  }

  public ApiException toClientError(String provider) {
    ApiException error = clientError(provider);
    return retryAfter == null ? error : error.withHeader(HttpHeaders.RETRY_AFTER, retryAfter);
  }

  private ApiException clientError(String provider) {
    if (upstreamStatus == 0) {
      return new ApiException(
          HttpStatus.BAD_GATEWAY,
          "api_error",
          "upstream_unavailable",
          null,
          "Provider '" + provider + "' " + getMessage() + ".");
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
