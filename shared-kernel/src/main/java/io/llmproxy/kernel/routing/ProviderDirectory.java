package io.llmproxy.kernel.routing;

import java.util.Optional;
import java.util.Set;

/**
 * The provider deployments this installation declares. Lets the admin side refuse a route to a
 * provider that does not exist without knowing how providers are configured.
 */
public interface ProviderDirectory {

  Set<String> providerNames();

  default boolean exists(String provider) {
    return providerNames().contains(provider);
  }

  /**
   * Why {@code provider} cannot be sent {@code model} as its upstream model or deployment name (its
   * kind decides what a name may hold), or empty when it can.
   */
  default Optional<String> modelNameProblem(String provider, String model) {
    return Optional.empty();
  }
}
