package io.llmproxy.edge.ratelimit;

import io.llmproxy.edge.keys.TeamRegistry;

/** The rate limiters a node builds, for unit tests outside this package. */
public final class Limiters {

  private Limiters() {}

  public static KeyRateLimiter keyRateLimiter(TeamRegistry teams) {
    return new KeyRateLimiter(teams);
  }

  public static DeploymentCaps deploymentCaps() {
    return new DeploymentCaps();
  }
}
