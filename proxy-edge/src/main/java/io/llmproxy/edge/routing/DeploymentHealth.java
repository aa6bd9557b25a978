package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.Deployment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A circuit breaker per deployment, shared by every alias that uses it: after {@code
 * failure-threshold} consecutive failures that point at the deployment (unreachable, 429, 5xx,
 * timeouts) it cools down for {@code cooldown} and is skipped while others are available. When the
 * cooldown ends, the next request tries it again; one success closes the breaker, one more failure
 * opens it for another cooldown.
 */
@Component
public class DeploymentHealth {

  private final int failureThreshold;
  private final long cooldownNanos;
  private final LongSupplier nanoTime;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  private record State(int consecutiveFailures, long coolingUntil) {}

  @Autowired
  DeploymentHealth(
      @Value("${llmproxy.routing.failure-threshold:3}") int failureThreshold,
      @Value("${llmproxy.routing.cooldown:30s}") Duration cooldown) {
    this(failureThreshold, cooldown, System::nanoTime);
  }

  DeploymentHealth(int failureThreshold, Duration cooldown, LongSupplier nanoTime) {
    this.failureThreshold = Math.max(1, failureThreshold);
    this.cooldownNanos = cooldown.toNanos();
    this.nanoTime = nanoTime;
  }

  /** False while the deployment cools down after repeated failures. */
  public boolean isAvailable(Deployment deployment) {
    State state = states.get(key(deployment));
    return state == null || state.coolingUntil() - nanoTime.getAsLong() <= 0;
  }

  /** Nanoseconds until a cooling deployment may be tried again (0 if it may now). */
  public long nanosUntilAvailable(Deployment deployment) {
    State state = states.get(key(deployment));
    return state == null ? 0 : Math.max(0, state.coolingUntil() - nanoTime.getAsLong());
  }

  public void succeeded(Deployment deployment) {
    states.remove(key(deployment));
  }

  public void failed(Deployment deployment) {
    long now = nanoTime.getAsLong();
    states.compute(
        key(deployment),
        (key, current) -> {
          int failures = current == null ? 1 : current.consecutiveFailures() + 1;
          // once open, a single failed trial after the cooldown opens it again
          boolean open = failures >= failureThreshold;
          return new State(failures, open ? now + cooldownNanos : 0);
        });
  }

  private static String key(Deployment deployment) {
    return deployment.provider() + "\u0000" + deployment.model();
  }
}
