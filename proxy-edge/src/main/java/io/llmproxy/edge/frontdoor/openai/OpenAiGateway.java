package io.llmproxy.edge.frontdoor.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.budget.OutputLimits;
import io.llmproxy.edge.gateway.ProxyGateway;
import io.llmproxy.edge.http.BodyMemoryBudget;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.providers.Operation;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * OpenAI's front door for a caller whose key was authenticated from its headers: validate the body
 * where the proxy relies on it, and hand the request to the gateway to be answered in OpenAI's
 * shape.
 */
@Component
class OpenAiGateway {

  private final OpenAiRequests requests;
  private final ProxyGateway gateway;
  private final ObjectMapper json;
  private final BodyMemoryBudget bodies;
  private final OutputLimits outputLimits;

  OpenAiGateway(
      OpenAiRequests requests,
      ProxyGateway gateway,
      ObjectMapper json,
      BodyMemoryBudget bodies,
      OutputLimits outputLimits) {
    this.requests = requests;
    this.gateway = gateway;
    this.json = json;
    this.bodies = bodies;
    this.outputLimits = outputLimits;
  }

  Mono<Void> forward(
      ServerWebExchange exchange, RegisteredKey key, byte[] body, Operation operation) {
    ObjectNode request = bodies.parse(exchange, body, requests::parseObject);
    // admission order: the alias is judged before the rest of the body is validated
    if (request.path("model").isTextual()) {
      gateway.admitAlias(key, request.path("model").asText());
    }
    String alias = requests.validate(operation, request);
    OpenAiNumbers.check(operation, request, outputLimits.of(gateway.admitAlias(key, alias)));
    boolean streamed = OpenAiRequests.streamRequested(operation, request);
    return gateway.forward(
        exchange, key, alias, operation, request, streamed, new OpenAiAnswers(json, request));
  }
}
