package io.llmproxy.kernel.routing;

import java.time.Instant;

/**
 * An alias was (re)configured. Events stored before multi-deployment routes carry only {@code
 * provider} and {@code upstreamModel}; {@link #route()} reads both kinds.
 *
 * @param provider the first deployment's provider, kept for readers of the older shape
 * @param upstreamModel the first deployment's model, likewise
 */
public record ModelRouteConfigured(
    String alias,
    String provider,
    String upstreamModel,
    Instant configuredAt,
    RouteDefinition definition) {

  public ModelRouteConfigured(String alias, RouteDefinition definition, Instant configuredAt) {
    this(
        alias,
        definition.deployments().get(0).provider(),
        definition.deployments().get(0).model(),
        configuredAt,
        definition);
  }

  public RouteDefinition route() {
    return definition != null ? definition : RouteDefinition.single(provider, upstreamModel);
  }
}
