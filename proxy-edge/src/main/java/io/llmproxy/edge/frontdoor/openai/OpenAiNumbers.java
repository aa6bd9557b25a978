package io.llmproxy.edge.frontdoor.openai;

import static io.llmproxy.edge.numbers.NumberChecks.finiteNumber;
import static io.llmproxy.edge.numbers.NumberChecks.wholeNumber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.numbers.InvalidNumber;
import io.llmproxy.edge.numbers.NumberChecks;
import io.llmproxy.edge.providers.Operation;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The numbers of an OpenAI-shaped request, in the ranges OpenAI's API documents: the output limits
 * and choice counts a budget reservation is computed from, and the sampling parameters, which must
 * at least be finite to be forwarded as numbers. An output limit above the route's maximum output
 * is refused, so no reservation is ever computed from a number the proxy did not bound.
 */
final class OpenAiNumbers {

  static final int MAX_CHOICES = 128;
  private static final int MAX_BEST_OF = 20;

  private OpenAiNumbers() {}

  static void check(Operation operation, ObjectNode request, long maxOutputTokens) {
    try {
      NumberChecks.allFinite(request, false);
      switch (operation) {
        case CHAT_COMPLETIONS -> chat(request, maxOutputTokens);
        case COMPLETIONS -> completions(request, maxOutputTokens);
        case EMBEDDINGS -> wholeNumber(request, "dimensions", 1, Integer.MAX_VALUE);
      }
    } catch (InvalidNumber invalid) {
      throw ApiException.badRequest(
          "Invalid '" + invalid.field() + "': " + invalid.problem() + ".", invalid.field());
    }
  }

  private static void chat(ObjectNode request, long maxOutputTokens) {
    wholeNumber(request, "max_tokens", 1, maxOutputTokens);
    wholeNumber(request, "max_completion_tokens", 1, maxOutputTokens);
    choices(request);
    sampling(request);
    wholeNumber(request, "top_logprobs", 0, 20);
  }

  private static void completions(ObjectNode request, long maxOutputTokens) {
    // 0 is valid here: with echo, a completion call scores its prompt and generates nothing
    wholeNumber(request, "max_tokens", 0, maxOutputTokens);
    OptionalLong n = choices(request);
    OptionalLong bestOf = wholeNumber(request, "best_of", 1, MAX_BEST_OF);
    if (bestOf.isPresent() && bestOf.getAsLong() < n.orElse(1)) {
      throw new InvalidNumber("best_of", "expected an integer no smaller than n");
    }
    wholeNumber(request, "logprobs", 0, 5);
    sampling(request);
  }

  private static OptionalLong choices(ObjectNode request) {
    return wholeNumber(request, "n", 1, MAX_CHOICES);
  }

  private static void sampling(ObjectNode request) {
    finiteNumber(request, "temperature", 0, 2);
    finiteNumber(request, "top_p", 0, 1);
    finiteNumber(request, "presence_penalty", -2, 2);
    finiteNumber(request, "frequency_penalty", -2, 2);
    wholeNumber(request, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    JsonNode bias = request.path("logit_bias");
    if (bias.isObject()) {
      for (Map.Entry<String, JsonNode> token : bias.properties()) {
        String field = "logit_bias." + token.getKey();
        try {
          finiteNumber(bias, token.getKey(), -100, 100);
        } catch (InvalidNumber invalid) {
          throw new InvalidNumber(field, invalid.problem());
        }
      }
    }
  }
}
