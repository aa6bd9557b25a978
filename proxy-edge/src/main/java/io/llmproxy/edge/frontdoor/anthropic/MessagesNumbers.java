package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.edge.numbers.InvalidNumber;
import io.llmproxy.edge.numbers.NumberChecks;

/**
 * The numbers of a Messages request, in the ranges Anthropic's API documents, checked before the
 * request is translated: {@code max_tokens} (required, at most the route's maximum output) and the
 * sampling parameters, including those the translation leaves out, so a request is refused or
 * accepted the same whichever provider serves it.
 */
final class MessagesNumbers {

  private MessagesNumbers() {}

  /** The request's {@code max_tokens}. */
  static int check(JsonNode request, long maxOutputTokens) {
    try {
      NumberChecks.allFinite(request, true);
      NumberChecks.finiteNumber(request, "temperature", 0, 1);
      NumberChecks.finiteNumber(request, "top_p", 0, 1);
      NumberChecks.wholeNumber(request, "top_k", 0, Integer.MAX_VALUE);
      thinkingBudget(request.path("thinking"), maxOutputTokens);
    } catch (InvalidNumber invalid) {
      throw new InvalidMessagesRequest(invalid.field(), capitalized(invalid.problem()));
    }
    return maxTokens(request, maxOutputTokens);
  }

  /** Dropped in translation, but a number the proxy accepts must mean the same everywhere. */
  private static void thinkingBudget(JsonNode thinking, long maxOutputTokens) {
    if (!thinking.isObject()) {
      return;
    }
    try {
      NumberChecks.wholeNumber(thinking, "budget_tokens", 1, maxOutputTokens);
    } catch (InvalidNumber invalid) {
      throw new InvalidNumber("thinking.budget_tokens", invalid.problem());
    }
  }

  private static int maxTokens(JsonNode request, long maxOutputTokens) {
    JsonNode limit = request.path("max_tokens");
    if (limit.isMissingNode() || limit.isNull()) {
      throw new InvalidMessagesRequest("max_tokens", "Field required");
    }
    if (!limit.isIntegralNumber() || !limit.canConvertToInt() || limit.asInt() < 1) {
      throw new InvalidMessagesRequest("max_tokens", "Input should be a positive integer");
    }
    if (limit.asLong() > maxOutputTokens) {
      throw new InvalidMessagesRequest(
          "max_tokens",
          "Input should be a positive integer no greater than "
              + maxOutputTokens
              + ", this model's maximum output");
    }
    return limit.asInt();
  }

  private static String capitalized(String problem) {
    return Character.toUpperCase(problem.charAt(0)) + problem.substring(1);
  }
}
