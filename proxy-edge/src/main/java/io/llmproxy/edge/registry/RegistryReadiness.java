package io.llmproxy.edge.registry;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The edge can only judge keys and routes once its registries have read their history; until then
 * an unknown key may simply not be loaded yet. Exposed as a health indicator so load balancers wait
 * for it.
 */
@Component("edgeRegistries")
public class RegistryReadiness implements HealthIndicator {

  private final RegistryFollower follower;

  RegistryReadiness(RegistryFollower follower) {
    this.follower = follower;
  }

  public boolean isReady() {
    return follower.isCaughtUp();
  }

  @Override
  public Health health() {
    return isReady()
        ? Health.up().build()
        : Health.outOfService().withDetail("registries", "loading").build();
  }
}
