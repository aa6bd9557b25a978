package io.llmproxy.command.routes;

import io.llmproxy.kernel.keys.RateLimits;
import java.util.List;

/**
 * Body of {@code PUT /admin/models/{alias}}: either one {@code provider} and {@code model}, or a
 * list of weighted {@code deployments}, with optional fallbacks, retry policy, timeout and maximum
 * output tokens per choice.
 */
public record ModelRouteRequest(
    String provider,
    String model,
    List<DeploymentBody> deployments,
    List<String> fallbacks,
    List<String> contextWindowFallbacks,
    RetryBody retry,
    Long timeoutMs,
    Integer maxOutputTokens) {

  public record DeploymentBody(String provider, String model, Integer weight, RateLimits limits) {}

  public record RetryBody(Integer maxAttempts, Long baseDelayMs, Long maxDelayMs, Long budgetMs) {}
}
