package io.llmproxy.edge.frontdoor.anthropic;

/** OpenAI's {@code finish_reason} as Anthropic's {@code stop_reason}. */
final class StopReasons {

  private StopReasons() {}

  /**
   * OpenAI does not say whether a stop sequence or the model ended the text, so {@code stop} is
   * always {@code end_turn} and {@code stop_sequence} is never reported.
   */
  static String stopReason(String finishReason) {
    if (finishReason == null) {
      return "end_turn";
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> "end_turn";
    };
  }
}
