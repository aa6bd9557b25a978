package io.llmproxy.edge.errors;

import org.springframework.web.server.ServerWebExchange;

/**
 * An API surface whose errors are not written in OpenAI's shape (Anthropic's front door). The
 * writer asks each shape whether a request is its own; OpenAI's shape is the default.
 */
public interface ErrorShape {

  boolean appliesTo(ServerWebExchange exchange);

  /** The JSON body for {@code error}; its message must already be safe to show (masked). */
  Object body(ApiException error, String requestId);
}
