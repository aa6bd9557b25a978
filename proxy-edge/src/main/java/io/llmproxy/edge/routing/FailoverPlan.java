package io.llmproxy.edge.routing;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.ratelimit.DeploymentCaps;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.RetryPolicy;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;

/**
 * One request's way through its route: which deployment each attempt goes to, whether a failure is
 * worth another attempt, how long to wait first, and when to move on to a fallback alias. Not
 * thread-safe: a request's attempts run one after another.
 */
final class FailoverPlan {

  /** What to do after a failed attempt. */
  record Decision(boolean retry, long delayMillis) {}

  private final RouteTable routes;
  private final DeploymentHealth health;
  private final DeploymentCaps caps;
  private final Clock clock;
  private final long deadlineMillis;
  private final Deque<String> nextAliases;
  private final Set<Deployment> failed = new HashSet<>();
  private Route current;
  private int attemptsOnCurrent;
  private boolean anyCapped;

  FailoverPlan(
      Route route, RouteTable routes, DeploymentHealth health, DeploymentCaps caps, Clock clock) {
    this.routes = routes;
    this.health = health;
    this.caps = caps;
    this.clock = clock;
    this.current = route;
    this.deadlineMillis = clock.millis() + route.definition().retry().budgetMillis();
    this.nextAliases = new ArrayDeque<>(route.definition().fallbacks());
  }

  /** The next place to send the request, or empty when every alias is used up. */
  Optional<Target> next() {
    while (current != null) {
      RetryPolicy retry = current.definition().retry();
      if (attemptsOnCurrent < retry.maxAttempts()) {
        Optional<Deployment> picked = pick(current.definition().deployments());
        if (picked.isPresent()) {
          attemptsOnCurrent++;
          return Optional.of(
              new Target(current.alias(), picked.get(), current.definition().timeoutMillis()));
        }
      }
      moveToFallback();
    }
    return Optional.empty();
  }

  /** Nothing could be tried at all: every deployment of every alias was at its cap. */
  ApiException noCapacity(String alias) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS,
        "rate_limit_error",
        Failover.AT_CAPACITY,
        null,
        "Every deployment of '" + alias + "' is at its configured capacity; retry later.");
  }

  boolean anyCapped() {
    return anyCapped;
  }

  /** Records a failed attempt and decides whether (and when) another one follows. */
  Decision failed(Target target, UpstreamException failure) {
    if (failure.isRetryable()) {
      health.failed(target.deployment());
      failed.add(target.deployment());
    } else if (failure.isContextLengthExceeded()
        && !current.definition().contextWindowFallbacks().isEmpty()) {
      // a longer context is the only thing that helps: skip the rest of this alias and its
      // ordinary fallbacks
      nextAliases.clear();
      nextAliases.addAll(current.definition().contextWindowFallbacks());
      moveToFallback();
      return new Decision(current != null, 0);
    } else {
      return new Decision(false, 0);
    }
    long delay = delayBefore(target, failure);
    if (clock.millis() + delay >= deadlineMillis) {
      return new Decision(false, 0);
    }
    return new Decision(hasAnotherTarget(), delay);
  }

  private long delayBefore(Target target, UpstreamException failure) {
    boolean sameAliasLeft = attemptsOnCurrent < current.definition().retry().maxAttempts();
    boolean untriedLeft =
        current.definition().deployments().stream().anyMatch(d -> !failed.contains(d));
    if (!sameAliasLeft || untriedLeft) {
      // another deployment or another alias: nothing to wait for
      return 0;
    }
    RetryPolicy retry = current.definition().retry();
    long ceiling =
        Math.min(
            retry.maxDelayMillis(),
            retry.baseDelayMillis() << Math.min(20, Math.max(0, attemptsOnCurrent - 1)));
    long jittered = ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
    return Math.max(jittered, failure.retryAfterMillis(clock.instant()));
  }

  private boolean hasAnotherTarget() {
    return attemptsOnCurrent < current.definition().retry().maxAttempts() || !nextAliases.isEmpty();
  }

  private Optional<Deployment> pick(List<Deployment> deployments) {
    List<Deployment> fresh = new ArrayList<>();
    List<Deployment> usable = new ArrayList<>();
    for (Deployment deployment : deployments) {
      if (health.isAvailable(deployment)) {
        usable.add(deployment);
        if (!failed.contains(deployment)) {
          fresh.add(deployment);
        }
      }
    }
    if (usable.isEmpty()) {
      // every deployment is cooling down: try the one that recovers first rather than none
      deployments.stream()
          .min((a, b) -> Long.compare(health.nanosUntilAvailable(a), health.nanosUntilAvailable(b)))
          .ifPresent(usable::add);
    }
    List<Deployment> candidates = fresh.isEmpty() ? usable : fresh;
    while (!candidates.isEmpty()) {
      Deployment chosen = weighted(candidates);
      if (caps.tryAdmit(chosen)) {
        return Optional.of(chosen);
      }
      anyCapped = true;
      candidates = new ArrayList<>(candidates);
      candidates.remove(chosen);
    }
    return Optional.empty();
  }

  private static Deployment weighted(List<Deployment> candidates) {
    long total = candidates.stream().mapToLong(Deployment::weight).sum();
    long ticket = ThreadLocalRandom.current().nextLong(total);
    for (Deployment candidate : candidates) {
      ticket -= candidate.weight();
      if (ticket < 0) {
        return candidate;
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  private void moveToFallback() {
    current = null;
    attemptsOnCurrent = 0;
    while (!nextAliases.isEmpty() && current == null) {
      // an alias removed since the route was configured is skipped, not an error
      current = routes.find(nextAliases.poll()).orElse(null);
    }
  }
}
