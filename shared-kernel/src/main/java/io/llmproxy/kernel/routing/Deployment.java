package io.llmproxy.kernel.routing;

import io.llmproxy.kernel.keys.RateLimits;

/**
 * One place an alias can be served from: a configured provider and the model name it knows.
 *
 * @param weight share of the alias's traffic relative to its other deployments, at least 1
 * @param limits the deployment's own requests/tokens per minute caps; beyond them it is skipped
 */
public record Deployment(String provider, String model, int weight, RateLimits limits) {

  public static final int MAX_WEIGHT = 1_000_000;

  public Deployment {
    if (provider == null || provider.isBlank()) {
      throw new IllegalArgumentException("deployments[].provider is required");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("deployments[].model is required");
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException(
          "deployments[].weight must be between 1 and " + MAX_WEIGHT);
    }
    limits = RateLimits.orNone(limits);
  }

  public static Deployment of(String provider, String model) {
    return new Deployment(provider, model, 1, RateLimits.NONE);
  }
}
