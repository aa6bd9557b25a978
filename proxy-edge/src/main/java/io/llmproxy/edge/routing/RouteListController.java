package io.llmproxy.edge.routing;

import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.ProviderDirectory;
import io.llmproxy.kernel.routing.RetryPolicy;
import java.time.Instant;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/models}: every routed alias with its definition, in the shape {@code PUT
 * /admin/models/{alias}} accepts, and the configured provider names a route may use. Read from this
 * node's route table, which follows the route events.
 */
@RestController
@PreAuthorize("hasRole('VIEWER')")
class RouteListController {

  private final RouteTable routes;
  private final ProviderDirectory providers;

  RouteListController(RouteTable routes, ProviderDirectory providers) {
    this.routes = routes;
    this.providers = providers;
  }

  record RetryView(int maxAttempts, long baseDelayMs, long maxDelayMs, long budgetMs) {
    static RetryView of(RetryPolicy retry) {
      return new RetryView(
          retry.maxAttempts(),
          retry.baseDelayMillis(),
          retry.maxDelayMillis(),
          retry.budgetMillis());
    }
  }

  record RouteView(
      String alias,
      List<Deployment> deployments,
      List<String> fallbacks,
      List<String> contextWindowFallbacks,
      RetryView retry,
      Long timeoutMs,
      Integer maxOutputTokens,
      Instant configuredAt) {

    static RouteView of(Route route) {
      var definition = route.definition();
      return new RouteView(
          route.alias(),
          definition.deployments(),
          definition.fallbacks(),
          definition.contextWindowFallbacks(),
          RetryView.of(definition.retry()),
          definition.timeoutMillis(),
          definition.maxOutputTokens(),
          route.configuredAt());
    }
  }

  record RouteList(List<RouteView> data, List<String> providers) {}

  @GetMapping("/api/models")
  Mono<RouteList> list() {
    return Mono.fromSupplier(
        () ->
            new RouteList(
                routes.all().stream().map(RouteView::of).toList(),
                providers.providerNames().stream().sorted().toList()));
  }
}
