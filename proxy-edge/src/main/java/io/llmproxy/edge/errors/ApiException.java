package io.llmproxy.edge.errors;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure with its place in OpenAI's error object: {@code {"error":{"message","type","param",
 * "code"}}}. Every HTTP surface of the proxy answers errors in that shape.
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String type;
  private final String code;
  private final String param;
  private final Map<String, String> headers;

  public ApiException(HttpStatus status, String type, String code, String param, String message) {
    this(status, type, code, param, message, Map.of());
  }

  private ApiException(
      HttpStatus status,
      String type,
      String code,
      String param,
      String message,
      Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.headers = headers;
  }

  /** The same error with one more response header, e.g. {@code Retry-After}. */
  public ApiException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiException(status, type, code, param, getMessage(), Map.copyOf(more));
  }

  public static ApiException badRequest(String message, String param) {
    return new ApiException(
        HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_request", param, message);
  }

  /** A missing, unknown, revoked or expired virtual key. */
  public static ApiException unauthorized(String message) {
    return unauthorized("invalid_api_key", message);
  }

  public static ApiException unauthorized(String code, String message) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "authentication_error", code, null, message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(
        HttpStatus.FORBIDDEN, "permission_error", "insufficient_permissions", null, message);
  }

  public HttpStatus status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  /** Headers the error response carries besides the envelope. */
  public Map<String, String> headers() {
    return headers;
  }
}
