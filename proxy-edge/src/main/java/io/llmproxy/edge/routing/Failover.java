package io.llmproxy.edge.routing;

import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.ratelimit.DeploymentCaps;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a request against its route: weighted choice among healthy deployments, retries with
 * exponential backoff and jitter on failures worth retrying (honouring {@code Retry-After}), then
 * the route's fallback aliases, all within the route's time budget. An attempt counts as succeeded
 * once it produced its first element (the whole answer, or a stream's first chunk); after that a
 * failure belongs to the client's answer and is never retried, so nothing is sent twice.
 */
@Component
public class Failover {

  /** The error code of a request refused because every deployment is at its configured cap. */
  public static final String AT_CAPACITY = "deployments_at_capacity";

  private final RouteTable routes;
  private final DeploymentHealth health;
  private final DeploymentCaps caps;
  private final Clock clock;

  /** What the caller does per attempt. */
  public interface Attempts<T> {

    /** Sends attempt {@code number} (1-based) to {@code target}. */
    Flux<T> attempt(Target target, int number);

    /**
     * Records a failed attempt before the next one starts; {@code retried} tells whether another
     * attempt follows.
     */
    Mono<Void> failed(Target target, int number, UpstreamException failure, boolean retried);
  }

  Failover(RouteTable routes, DeploymentHealth health, DeploymentCaps caps, Clock clock) {
    this.routes = routes;
    this.health = health;
    this.caps = caps;
    this.clock = clock;
  }

  public <T> Flux<T> run(Route route, Attempts<T> attempts) {
    return Flux.defer(
        () -> {
          var plan = new FailoverPlan(route, routes, health, caps, clock);
          return next(route, plan, attempts, new AtomicInteger());
        });
  }

  private <T> Flux<T> next(
      Route route, FailoverPlan plan, Attempts<T> attempts, AtomicInteger numbers) {
    Optional<Target> target = plan.next();
    if (target.isEmpty()) {
      return Flux.error(plan.noCapacity(route.alias()));
    }
    return attempt(route, plan, attempts, numbers, target.get(), numbers.incrementAndGet());
  }

  private <T> Flux<T> attempt(
      Route route,
      FailoverPlan plan,
      Attempts<T> attempts,
      AtomicInteger numbers,
      Target target,
      int number) {
    AtomicBoolean started = new AtomicBoolean();
    return attempts
        .attempt(target, number)
        .doOnNext(
            first -> {
              if (started.compareAndSet(false, true)) {
                health.succeeded(target.deployment());
              }
            })
        .onErrorResume(
            UpstreamException.class,
            failure -> {
              if (started.get()) {
                return Flux.error(failure);
              }
              FailoverPlan.Decision decision = plan.failed(target, failure);
              Optional<Target> following = decision.retry() ? plan.next() : Optional.empty();
              if (following.isEmpty()) {
                return attempts
                    .failed(target, number, failure, false)
                    .thenMany(Flux.error(failure));
              }
              return attempts
                  .failed(target, number, failure, true)
                  .then(Mono.delay(Duration.ofMillis(decision.delayMillis())))
                  .thenMany(
                      Flux.defer(
                          () ->
                              attempt(
                                  route,
                                  plan,
                                  attempts,
                                  numbers,
                                  following.get(),
                                  numbers.incrementAndGet())));
            });
  }
}
