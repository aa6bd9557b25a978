package io.llmproxy.command.routes;

import static io.llmproxy.command.web.Requests.badRequest;
import static io.llmproxy.command.web.Requests.requireIdentifier;
import static io.llmproxy.command.web.Requests.requireText;

import io.llmproxy.command.web.CommandDispatcher;
import io.llmproxy.kernel.routing.ConfigureModelRoute;
import io.llmproxy.kernel.routing.ProviderDirectory;
import io.llmproxy.kernel.routing.RemoveModelRoute;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
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
    String provider = requireText(request.provider(), "provider", 128);
    String model = requireText(request.model(), "model", 256);
    if (!providers.exists(provider)) {
      throw badRequest(
          "unknown provider '"
              + provider
              + "'; declared providers: "
              + new TreeSet<>(providers.providerNames()));
    }
    return commands
        .send(new ConfigureModelRoute(alias, provider, model))
        .thenReturn(new ModelRouteResponse(alias, provider, model));
  }

  @DeleteMapping("/{alias}")
  Mono<ResponseEntity<Void>> remove(@PathVariable String alias) {
    requireIdentifier(alias, "alias");
    return commands
        .send(new RemoveModelRoute(alias))
        .thenReturn(ResponseEntity.noContent().build());
  }
}
