package io.llmproxy.edge.frontdoor.openai;

import io.llmproxy.edge.gateway.ProxyGateway;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/models}: the aliases the presented key may use, in OpenAI's model list shape. */
@RestController
@PreAuthorize("hasRole('VIRTUAL_KEY')")
class ModelsController {

  private static final String OWNER = "llm-proxy";

  private final RouteTable routes;

  ModelsController(RouteTable routes) {
    this.routes = routes;
  }

  record Model(String id, String object, long created, String ownedBy) {
    static Model of(Route route) {
      long created = route.configuredAt() == null ? 0 : route.configuredAt().getEpochSecond();
      return new Model(route.alias(), "model", created, OWNER);
    }
  }

  record ModelList(String object, List<Model> data) {}

  @GetMapping("/v1/models")
  Mono<ModelList> list(@AuthenticationPrincipal RegisteredKey key) {
    List<Model> models =
        routes.all().stream().filter(route -> key.mayUse(route.alias())).map(Model::of).toList();
    return Mono.just(new ModelList("list", models));
  }

  @GetMapping("/v1/models/{model}")
  Mono<Model> retrieve(@AuthenticationPrincipal RegisteredKey key, @PathVariable String model) {
    return Mono.justOrEmpty(
            routes.find(model).filter(route -> key.mayUse(route.alias())).map(Model::of))
        .switchIfEmpty(Mono.error(() -> ProxyGateway.modelNotFound(model)));
  }
}
