package io.llmproxy.edge.ratelimit;

import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.routing.Deployment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A deployment's own requests/tokens-per-minute caps (what the provider account allows), enforced
 * on this node like key limits. A deployment at its cap is skipped by routing rather than refused.
 */
@Component
public class DeploymentCaps {

  private final Map<Deployment, Buckets> byDeployment = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  private record Buckets(TokenBucket requests, TokenBucket tokens) {}

  @Autowired
  DeploymentCaps() {
    this(System::nanoTime);
  }

  DeploymentCaps(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Takes one request unit if the deployment has room for another request now. */
  public boolean tryAdmit(Deployment deployment) {
    if (deployment.limits().isUnlimited()) {
      return true;
    }
    long now = nanoTime.getAsLong();
    Buckets buckets = byDeployment.computeIfAbsent(deployment, d -> buckets(d.limits(), now));
    if (buckets.tokens() != null && !buckets.tokens().hasAny(now)) {
      return false;
    }
    return buckets.requests() == null || buckets.requests().tryTake(now);
  }

  /** Charges a finished attempt's tokens to the deployment that served it. */
  public void consume(Deployment deployment, long tokens) {
    Buckets buckets = byDeployment.get(deployment);
    if (buckets != null && buckets.tokens() != null && tokens > 0) {
      buckets.tokens().consume(tokens, nanoTime.getAsLong());
    }
  }

  private static Buckets buckets(RateLimits limits, long now) {
    return new Buckets(
        TokenBucket.perMinute(limits.requestsPerMinute(), now),
        TokenBucket.perMinute(limits.tokensPerMinute(), now));
  }
}
