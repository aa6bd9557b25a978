package io.llmproxy.edge.budget;

import io.llmproxy.edge.routing.Route;
import io.llmproxy.kernel.routing.RouteDefinition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The most output tokens one choice may generate on a route: its own {@code max_output_tokens}, or
 * {@code llmproxy.budget.default-max-output-tokens} for routes that set none. Clients may ask for
 * at most this much, and a request that sets no limit is reserved at this much.
 */
@Component
public class OutputLimits {

  private final long defaultMaxOutputTokens;

  OutputLimits(
      @Value("${llmproxy.budget.default-max-output-tokens:128000}") long defaultMaxOutputTokens) {
    if (defaultMaxOutputTokens < 1
        || defaultMaxOutputTokens > RouteDefinition.MAX_OUTPUT_TOKENS_LIMIT) {
      throw new IllegalStateException(
          "llmproxy.budget.default-max-output-tokens must be between 1 and "
              + RouteDefinition.MAX_OUTPUT_TOKENS_LIMIT);
    }
    this.defaultMaxOutputTokens = defaultMaxOutputTokens;
  }

  public long of(Route route) {
    Integer own = route.definition().maxOutputTokens();
    return own != null ? own : defaultMaxOutputTokens;
  }
}
