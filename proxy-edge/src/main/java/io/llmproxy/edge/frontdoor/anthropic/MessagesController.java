package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.budget.OutputLimits;
import io.llmproxy.edge.encoding.StrictJsonText;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.gateway.ProxyGateway;
import io.llmproxy.edge.http.BodyMemoryBudget;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.UsageEstimator;
import java.io.IOException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Anthropic's front door: {@code POST /v1/messages} as Anthropic's SDKs send it, answered in
 * Anthropic's shapes from any provider. The request is translated to OpenAI's shape, so routing,
 * limits and the ledger are the same as for the OpenAI surface.
 */
@RestController
@PreAuthorize("hasRole('VIRTUAL_KEY')")
class MessagesController {

  static final String PATH = "/v1/messages";

  private final ProxyGateway gateway;
  private final UsageEstimator estimator;
  private final ObjectMapper json;
  private final MessagesRequests requests;
  private final MessagesResponses responses;
  private final BodyMemoryBudget bodies;
  private final OutputLimits outputLimits;

  MessagesController(
      ProxyGateway gateway,
      UsageEstimator estimator,
      ObjectMapper json,
      BodyMemoryBudget bodies,
      OutputLimits outputLimits) {
    this.gateway = gateway;
    this.outputLimits = outputLimits;
    this.bodies = bodies;
    this.estimator = estimator;
    this.json = json;
    this.requests = new MessagesRequests(json);
    this.responses = new MessagesResponses(json);
  }

  @PostMapping(PATH)
  Mono<Void> messages(
      ServerWebExchange exchange,
      @AuthenticationPrincipal RegisteredKey key,
      @RequestBody(required = false) byte[] body) {
    JsonNode request = bodies.parse(exchange, body, this::parse);
    // admission order: the alias is judged before the rest of the body is validated
    long maxOutputTokens = Long.MAX_VALUE;
    if (request.path("model").isTextual()) {
      maxOutputTokens = outputLimits.of(gateway.admitAlias(key, request.path("model").asText()));
    }
    ObjectNode chat = translate(request, maxOutputTokens);
    String model = chat.path("model").asText();
    boolean streamed = chat.path("stream").asBoolean(false);
    // message_start reports input tokens before the provider has; a stream's last event corrects it
    long estimatedInput =
        streamed
            ? estimator.promptTokens(
                new ProviderCall(null, Operation.CHAT_COMPLETIONS, model, chat))
            : 0;
    return gateway.forward(
        exchange,
        key,
        model,
        Operation.CHAT_COMPLETIONS,
        chat,
        streamed,
        new AnthropicAnswers(json, responses, model, estimatedInput));
  }

  private ObjectNode translate(JsonNode request, long maxOutputTokens) {
    try {
      return requests.toChat(request, maxOutputTokens);
    } catch (InvalidMessagesRequest invalid) {
      throw ApiException.badRequest(invalid.anthropicMessage(), invalid.param());
    }
  }

  private JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("The request body must be a JSON object", null);
    }
    StrictJsonText.problem(body)
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(problem, null);
            });
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("The request body is not valid JSON", null);
    }
  }
}
