package io.llmproxy.edge.frontdoor.openai;

import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.providers.Operation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** OpenAI's generation endpoints, each answered whole or streamed as the client asked. */
@RestController
@PreAuthorize("hasRole('VIRTUAL_KEY')")
class OpenAiController {

  private final OpenAiGateway gateway;

  OpenAiController(OpenAiGateway gateway) {
    this.gateway = gateway;
  }

  @PostMapping("/v1/chat/completions")
  Mono<Void> chatCompletions(
      ServerWebExchange exchange,
      @AuthenticationPrincipal RegisteredKey key,
      @RequestBody(required = false) byte[] body) {
    return gateway.forward(exchange, key, body, Operation.CHAT_COMPLETIONS);
  }

  @PostMapping("/v1/completions")
  Mono<Void> completions(
      ServerWebExchange exchange,
      @AuthenticationPrincipal RegisteredKey key,
      @RequestBody(required = false) byte[] body) {
    return gateway.forward(exchange, key, body, Operation.COMPLETIONS);
  }

  @PostMapping("/v1/embeddings")
  Mono<Void> embeddings(
      ServerWebExchange exchange,
      @AuthenticationPrincipal RegisteredKey key,
      @RequestBody(required = false) byte[] body) {
    return gateway.forward(exchange, key, body, Operation.EMBEDDINGS);
  }
}
