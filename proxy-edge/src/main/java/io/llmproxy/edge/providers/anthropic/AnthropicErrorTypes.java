package io.llmproxy.edge.providers.anthropic;

/**
 * The HTTP status each of Anthropic's error types is sent with, for errors that arrive inside a
 * stream, where the response status was already 200.
 */
final class AnthropicErrorTypes {

  private AnthropicErrorTypes() {}

  static int status(String errorType) {
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }
}
