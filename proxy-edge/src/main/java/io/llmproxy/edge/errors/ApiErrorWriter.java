package io.llmproxy.edge.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.correlation.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Writes an {@link ApiException} as the response, for code that runs outside controllers. */
@Component
public class ApiErrorWriter {

  private final ObjectMapper json;
  private final List<ErrorShape> shapes;

  public ApiErrorWriter(ObjectMapper json, List<ErrorShape> shapes) {
    this.json = json;
    this.shapes = List.copyOf(shapes);
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
      body = json.writeValueAsBytes(bodyFor(exchange, error));
    } catch (JsonProcessingException e) {
      body =
          "{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\"}}"
              .getBytes(StandardCharsets.UTF_8);
    }
    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
  }

  private Object bodyFor(ServerWebExchange exchange, ApiException error) {
    for (ErrorShape shape : shapes) {
      if (shape.appliesTo(exchange)) {
        return shape.body(error, RequestIds.of(exchange));
      }
    }
    return ApiErrorBody.of(error);
  }
}
