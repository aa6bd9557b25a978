package io.llmproxy.edge.providers.gemini;

/**
 * Gemini's {@code finishReason} as OpenAI's {@code finish_reason}. Reasons OpenAI has no word for
 * ({@code OTHER}, {@code LANGUAGE}, {@code MALFORMED_FUNCTION_CALL}, unknown future values) become
 * {@code stop}: the SDKs reject values outside their enum, and the answer did end.
 */
final class FinishReasons {

  private FinishReasons() {}

  static String toOpenAi(String geminiReason, boolean calledFunctions) {
    String reason = geminiReason == null ? "STOP" : geminiReason;
    return switch (reason) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY",
          "RECITATION",
          "BLOCKLIST",
          "PROHIBITED_CONTENT",
          "SPII",
          "IMAGE_SAFETY",
          "IMAGE_PROHIBITED_CONTENT",
          "IMAGE_RECITATION" ->
          "content_filter";
      default -> calledFunctions ? "tool_calls" : "stop";
    };
  }
}
