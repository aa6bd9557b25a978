package io.llmproxy.command.routes;

import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.util.List;

/**
 * A route as configured. {@code provider} and {@code model} name the first deployment, for clients
 * of the single-deployment form.
 */
public record ModelRouteResponse(
    String alias,
    String provider,
    String model,
    List<Deployment> deployments,
    List<String> fallbacks,
    List<String> contextWindowFallbacks,
    ModelRouteRequest.RetryBody retry,
    Long timeoutMs,
    Integer maxOutputTokens) {

  static ModelRouteResponse of(String alias, RouteDefinition route) {
    Deployment first = route.deployments().get(0);
    return new ModelRouteResponse(
        alias,
        first.provider(),
        first.model(),
        route.deployments(),
        route.fallbacks(),
        route.contextWindowFallbacks(),
        new ModelRouteRequest.RetryBody(
            route.retry().maxAttempts(),
            route.retry().baseDelayMillis(),
            route.retry().maxDelayMillis(),
            route.retry().budgetMillis()),
        route.timeoutMillis(),
        route.maxOutputTokens());
  }
}
