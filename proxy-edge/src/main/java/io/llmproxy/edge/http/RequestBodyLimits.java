package io.llmproxy.edge.http;

import io.llmproxy.edge.errors.ApiErrorWriter;
import io.llmproxy.edge.errors.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How large a body each surface accepts, enforced before and while it is read: an announced length
 * over the limit is refused before a byte is read, and a body without a length is cut at the limit.
 * The sign-in takes a few KB, the admin surface 1 MB (or {@code llmproxy.max-request-size} if
 * smaller) but for the reconciliation upload, {@code /v1} {@code llmproxy.max-request-size}. Every
 * byte read is also taken from the node's {@link BodyMemoryBudget}, and given back when the
 * exchange ends. A {@code /v1} body is parsed within that budget too, so one larger than the budget
 * could ever parse is refused before it is read, or as soon as that much of it is seen.
 *
 * <p>Reading happens in the handlers, after the security chain, so a body sent without valid
 * credentials is never read at all.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestBodyLimits implements WebFilter {

  static final long SESSION_LIMIT = 4 * 1024;
  static final long ADMIN_LIMIT = 1024 * 1024;

  private final DataSize proxyLimit;
  private final DataSize reconciliationLimit;
  private final BodyMemoryBudget budget;
  private final ApiErrorWriter errors;

  RequestBodyLimits(
      @Value("${llmproxy.max-request-size:16MB}") DataSize proxyLimit,
      @Value("${llmproxy.reconciliation.max-export-size:8MB}") DataSize reconciliationLimit,
      BodyMemoryBudget budget,
      ApiErrorWriter errors) {
    this.proxyLimit = proxyLimit;
    this.reconciliationLimit = reconciliationLimit;
    this.budget = budget;
    this.errors = errors;
  }

  /** The largest body any surface accepts: what the codecs may ever hold. */
  public long largestLimit() {
    return Math.max(proxyLimit.toBytes(), Math.max(reconciliationLimit.toBytes(), ADMIN_LIMIT));
  }

  /**
   * A surface's limit and the setting that changes it, if one does; whether its bodies are parsed
   * within the memory budget ({@link BodyMemoryBudget#parse}).
   */
  public record BodyLimit(long bytes, String setting, boolean parsedInBudget) {

    public ApiException tooLarge() {
      String size = setting == null ? bytes + " bytes" : setting + " (" + bytes + " bytes)";
      return new ApiException(
          HttpStatus.PAYLOAD_TOO_LARGE,
          "invalid_request_error",
          "request_too_large",
          null,
          "The request body is larger than this endpoint accepts: " + size + ".");
    }
  }

  /** The limit for the request's surface, as the handler mapping will see its path. */
  public BodyLimit limitFor(ServerWebExchange exchange) {
    String path = RequestPaths.decoded(exchange);
    if (RequestPaths.isUnder(path, "/v1")) {
      return new BodyLimit(proxyLimit.toBytes(), "llmproxy.max-request-size", true);
    }
    if (path.equals("/admin/session")) {
      return new BodyLimit(SESSION_LIMIT, null, false);
    }
    if (path.equals("/admin/reconciliations")
        && exchange.getRequest().getMethod() == HttpMethod.POST) {
      return new BodyLimit(
          reconciliationLimit.toBytes(), "llmproxy.reconciliation.max-export-size", false);
    }
    return new BodyLimit(Math.min(ADMIN_LIMIT, proxyLimit.toBytes()), null, false);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    BodyLimit limit = limitFor(exchange);
    long announced = exchange.getRequest().getHeaders().getContentLength();
    if (announced > limit.bytes()) {
      return errors.write(exchange, limit.tooLarge());
    }
    BodyMemoryBudget.Reservation reservation = budget.open(exchange);
    ServerWebExchange bounded =
        exchange
            .mutate()
            .request(new BoundedBody(exchange, limit, announced, budget, reservation))
            .build();
    return chain.filter(bounded).doFinally(signal -> reservation.release());
  }

  private static final class BoundedBody extends ServerHttpRequestDecorator {

    private final BodyLimit limit;
    private final long announced;
    private final BodyMemoryBudget budget;
    private final BodyMemoryBudget.Reservation reservation;

    BoundedBody(
        ServerWebExchange exchange,
        BodyLimit limit,
        long announced,
        BodyMemoryBudget budget,
        BodyMemoryBudget.Reservation reservation) {
      super(exchange.getRequest());
      this.limit = limit;
      this.announced = announced;
      this.budget = budget;
      this.reservation = reservation;
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return Flux.defer(
          () -> {
            // an announced length is taken whole up front: either the body fits or it is refused
            // before any of it is read; so is one the budget could never parse (here, after the
            // security chain, so that only an authenticated client learns the budget's size)
            if (announced > 0) {
              if (limit.parsedInBudget() && announced > budget.largestParsedBody()) {
                throw budget.tooLargeForMemory();
              }
              reservation.growForRawBytes(announced);
            }
            long[] seen = {0};
            return super.getBody()
                .doOnNext(
                    buffer -> {
                      int size = buffer.readableByteCount();
                      seen[0] += size;
                      if (seen[0] > limit.bytes()) {
                        DataBufferUtils.release(buffer);
                        throw limit.tooLarge();
                      }
                      if (limit.parsedInBudget() && seen[0] > budget.largestParsedBody()) {
                        DataBufferUtils.release(buffer);
                        throw budget.tooLargeForMemory();
                      }
                      if (announced <= 0) {
                        try {
                          reservation.growForRawBytes(size);
                        } catch (ApiException refused) {
                          DataBufferUtils.release(buffer);
                          throw refused;
                        }
                      }
                    });
          });
    }
  }
}
