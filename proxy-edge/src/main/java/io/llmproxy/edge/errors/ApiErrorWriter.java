package io.llmproxy.edge.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes an {@link ApiException} as the response, for code that runs outside controllers. */
@Component
public class ApiErrorWriter {

  private final ObjectMapper json;

  public ApiErrorWriter(ObjectMapper json) {
    this.json = json;
  }

  public Mono<Void> write(ServerWebExchange exchange, ApiException error) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(error.status());
    error.headers().forEach(response.getHeaders()::set);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    byte[] body;
    try {
      body = json.writeValueAsBytes(ApiErrorBody.of(error));
    } catch (JsonProcessingException e) {
      body =
          "{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\"}}"
              .getBytes(StandardCharsets.UTF_8);
    }
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }
}
