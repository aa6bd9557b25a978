package io.llmproxy.command.routes;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;
import static io.llmproxy.command.web.Requests.requireText;

import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.routing.ProviderDirectory;
import io.llmproxy.kernel.routing.RemoveModelRoute;
import io.llmproxy.kernel.routing.RetryPolicy;
import io.llmproxy.kernel.routing.RouteDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@PreAuthorize("hasRole('ADMIN')")
@RequestMapping("/admin/models")
class ModelRouteAdminController {

  private final CommandDispatcher commands;
  private final ProviderDirectory providers;

  ModelRouteAdminController(CommandDispatcher commands, ProviderDirectory providers) {
    this.commands = commands;
    this.providers = providers;
  }

  @PutMapping("/{alias}")
  Mono<ModelRouteResponse> configure(
      @PathVariable String alias, @RequestBody ModelRouteRequest request) {
    requireIdentifier(alias, "alias");
    RouteDefinition route = definition(request);
    return commands
        .send(new ConfigureModelRoute(alias, route))
        .thenReturn(ModelRouteResponse.of(alias, route));
  }

  @DeleteMapping("/{alias}")
  Mono<ResponseEntity<Void>> remove(@PathVariable String alias) {
    requireIdentifier(alias, "alias");
    return commands
        .send(new RemoveModelRoute(alias))
        .thenReturn(ResponseEntity.noContent().build());
  }

  private RouteDefinition definition(ModelRouteRequest request) {
    boolean single = request.provider() != null || request.model() != null;
    if (single == (request.deployments() != null)) {
      throw badRequest("give either provider and model, or deployments (not both)");
    }
    List<Deployment> deployments = new ArrayList<>();
    if (single) {
      deployments.add(deployment(request.provider(), request.model(), null, null, ""));
    } else {
      for (int i = 0; i < request.deployments().size(); i++) {
        ModelRouteRequest.DeploymentBody d = request.deployments().get(i);
        if (d == null) {
          throw badRequest("deployments[" + i + "] must be an object");
        }
        deployments.add(
            deployment(d.provider(), d.model(), d.weight(), d.limits(), "deployments[" + i + "]."));
      }
    }
    try {
      return new RouteDefinition(
          deployments,
          aliases(request.fallbacks(), "fallbacks[]"),
          aliases(request.contextWindowFallbacks(), "context_window_fallbacks[]"),
          retry(request.retry()),
          request.timeoutMs(),
          request.maxOutputTokens());
    } catch (IllegalArgumentException e) {
      throw badRequest(e.getMessage());
    }
  }

  private Deployment deployment(
      String provider, String model, Integer weight, RateLimits caps, String where) {
    String name = requireText(provider, where + "provider", 128);
    if (!providers.exists(name)) {
      throw badRequest(
          "unknown provider '"
              + name
              + "'; declared providers: "
              + new TreeSet<>(providers.providerNames()));
    }
    String upstreamModel = requireText(model, where + "model", 256);
    providers
        .modelNameProblem(name, upstreamModel)
        .ifPresent(
            problem -> {
              throw badRequest(
                  where + "model is not usable with provider '" + name + "': " + problem);
            });
    try {
      return new Deployment(name, upstreamModel, weight == null ? 1 : weight, caps);
    } catch (IllegalArgumentException e) {
      throw badRequest(e.getMessage());
    }
  }

  private static List<String> aliases(List<String> aliases, String field) {
    return aliases == null
        ? List.of()
        : aliases.stream().map(alias -> requireIdentifier(alias, field)).distinct().toList();
  }

  private static RetryPolicy retry(ModelRouteRequest.RetryBody body) {
    if (body == null) {
      return RetryPolicy.NONE;
    }
    RetryPolicy defaults = RetryPolicy.NONE;
    return new RetryPolicy(
        body.maxAttempts() == null ? defaults.maxAttempts() : body.maxAttempts(),
        body.baseDelayMs() == null ? defaults.baseDelayMillis() : body.baseDelayMs(),
        body.maxDelayMs() == null ? defaults.maxDelayMillis() : body.maxDelayMs(),
        body.budgetMs() == null ? defaults.budgetMillis() : body.budgetMs());
  }
}
