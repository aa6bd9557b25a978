package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.Deployment;

/**
 * Where one attempt of a request goes: a deployment, and the alias it belongs to (the requested
 * alias, or a fallback the request moved on to).
 *
 * @param timeoutMillis that alias's per-attempt timeout, or null for the provider's own
 */
public record Target(String alias, Deployment deployment, Long timeoutMillis) {

  public String provider() {
    return deployment.provider();
  }

  public String upstreamModel() {
    return deployment.model();
  }
}
