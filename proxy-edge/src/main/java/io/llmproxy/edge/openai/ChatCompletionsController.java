package io.llmproxy.edge.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.KeyAuthenticator;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderRegistry;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.routing.Route;
import io.llmproxy.edge.routing.RouteTable;
import io.llmproxy.edge.usage.UsageRecorder;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/chat/completions}: authenticate the virtual key, resolve the alias, call the
 * provider, and release the answer only after its usage is in the ledger.
 */
@RestController
class ChatCompletionsController {

  static final String REQUEST_ID_HEADER = "x-request-id";

  private final KeyAuthenticator authenticator;
  private final RouteTable routes;
  private final ProviderRegistry providers;
  private final UsageRecorder usage;
  private final OpenAiRequests requests;

  ChatCompletionsController(
      KeyAuthenticator authenticator,
      RouteTable routes,
      ProviderRegistry providers,
      UsageRecorder usage,
      OpenAiRequests requests) {
    this.authenticator = authenticator;
    this.routes = routes;
    this.providers = providers;
    this.usage = usage;
    this.requests = requests;
  }

  @PostMapping(path = "/v1/chat/completions", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<ObjectNode>> create(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) byte[] body) {
    RegisteredKey key = authenticator.authenticate(authorization);
    ObjectNode request = requests.parseObject(body);
    String alias = requests.requireModel(request);
    requests.requireMessages(request);
    JsonNode stream = request.path("stream");
    if (stream.isBoolean() && stream.asBoolean()) {
      throw ApiException.badRequest("stream=true is not supported by this proxy yet", "stream");
    }
    if (!key.mayUse(alias)) {
      throw modelNotFound(alias);
    }
    Route route = routes.find(alias).orElseThrow(() -> modelNotFound(alias));
    ProviderAdapter adapter =
        providers
            .adapter(route.provider())
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "api_error",
                        "provider_not_configured",
                        null,
                        "Provider '" + route.provider() + "' is not configured on this node."));
    var attempt = usage.start(key.keyId(), route);
    return adapter
        .chatCompletion(new ProviderCall(attempt.requestId(), route.upstreamModel(), request))
        .flatMap(
            answer ->
                attempt
                    .finish(UsageOutcome.SUCCESS, answer.usage(), answer.estimated())
                    .thenReturn(ok(attempt.requestId(), answer)))
        .onErrorResume(
            UpstreamException.class,
            failure ->
                attempt
                    .finish(UsageOutcome.UPSTREAM_ERROR, TokenUsage.NONE, false)
                    .then(Mono.error(failure.toClientError(route.provider()))));
  }

  private static ResponseEntity<ObjectNode> ok(String requestId, ProviderResponse answer) {
    return ResponseEntity.ok().header(REQUEST_ID_HEADER, requestId).body(answer.body());
  }

  private static ApiException modelNotFound(String alias) {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "invalid_request_error",
        "model_not_found",
        "model",
        "The model '" + alias + "' does not exist or you do not have access to it.");
  }
}
