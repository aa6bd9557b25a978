package io.llmproxy.kernel.routing;

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
}
