package io.llmproxy.edge.http;

import io.llmproxy.edge.errors.ApiErrorWriter;
import io.llmproxy.edge.errors.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a body announced larger than {@code llmproxy.max-request-size} before reading any of it.
 * Bodies without a length are cut at the same size by the codecs (see the application's WebFlux
 * configuration), which ends in the same 413.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestSizeLimit implements WebFilter {

  private final DataSize limit;
  private final ApiErrorWriter errors;

  RequestSizeLimit(
      @Value("${llmproxy.max-request-size:16MB}") DataSize limit, ApiErrorWriter errors) {
    this.limit = limit;
    this.errors = errors;
  }

  public DataSize limit() {
    return limit;
  }

  public ApiException tooLarge() {
    return new ApiException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "invalid_request_error",
        "request_too_large",
        null,
        "The request body is larger than this proxy accepts (" + limit.toBytes() + " bytes).");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long announced = exchange.getRequest().getHeaders().getContentLength();
    if (announced > limit.toBytes()) {
      return errors.write(exchange, tooLarge());
    }
    return chain.filter(exchange);
  }
}
