package io.llmproxy.edge.openai;

import io.llmproxy.edge.gateway.ProxyGateway;
import io.llmproxy.edge.keys.KeyAuthenticator;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/models}: the aliases the presented key may use, in OpenAI's model list shape. */
@RestController
class ModelsController {

  private static final String OWNER = "llm-proxy";

  private final KeyAuthenticator authenticator;
  private final RouteTable routes;

  ModelsController(KeyAuthenticator authenticator, RouteTable routes) {
    this.authenticator = authenticator;
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
  ModelList list(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
    RegisteredKey key = authenticator.authenticate(authorization);
    List<Model> models =
        routes.all().stream().filter(route -> key.mayUse(route.alias())).map(Model::of).toList();
    return new ModelList("list", models);
  }

  @GetMapping("/v1/models/{model}")
  Model retrieve(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @PathVariable String model) {
    RegisteredKey key = authenticator.authenticate(authorization);
    return routes
        .find(model)
        .filter(route -> key.mayUse(route.alias()))
        .map(Model::of)
        .orElseThrow(() -> ProxyGateway.modelNotFound(model));
  }
}
