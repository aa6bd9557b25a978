package io.llmproxy.edge.anthropic;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.errors.ErrorShape;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Every error on the Anthropic-shaped front door, authentication failures included. */
@Component
class AnthropicErrorShape implements ErrorShape {

  @Override
  public boolean appliesTo(ServerWebExchange exchange) {
    // Spring ignores path parameters when routing, so "/v1/messages;x" is served by the Messages
    // handler; its errors answered in OpenAI's shape until they were dropped here too
    String path =
        exchange.getRequest().getPath().pathWithinApplication().value().replaceAll(";[^/]*", "");
    return path.equals(MessagesController.PATH) || path.startsWith(MessagesController.PATH + "/");
  }

  @Override
  public Object body(ApiException error, String requestId) {
    return AnthropicErrors.of(error, requestId);
  }
}
