package io.llmproxy.edge.frontdoor.anthropic;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.errors.ErrorShape;
import io.llmproxy.edge.http.RequestPaths;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Every error on the Anthropic-shaped front door, authentication failures included. */
@Component
class AnthropicErrorShape implements ErrorShape {

  @Override
  public boolean appliesTo(ServerWebExchange exchange) {
    // the path as the router decodes it: "/v1/%6dessages" is served by the Messages handler too
    String path = RequestPaths.decoded(exchange);
    return path.equals(MessagesController.PATH) || path.startsWith(MessagesController.PATH + "/");
  }

  @Override
  public Object body(ApiException error, String requestId) {
    return AnthropicErrors.of(error, requestId);
  }
}
