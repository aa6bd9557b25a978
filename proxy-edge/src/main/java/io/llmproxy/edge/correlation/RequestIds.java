package io.llmproxy.edge.correlation;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id and every answer, errors included, the {@code x-request-id} header. A
 * caller's own well-formed id is echoed back so it can correlate; the ledger always records the
 * proxy's id, which is unique.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds implements WebFilter {

  public static final String HEADER = "x-request-id";
  private static final String ATTRIBUTE = RequestIds.class.getName();
  private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  /** The proxy's own id of the request being handled. */
  public static String of(ServerWebExchange exchange) {
    String id = exchange.getAttribute(ATTRIBUTE);
    return id != null ? id : generate();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String id = generate();
    exchange.getAttributes().put(ATTRIBUTE, id);
    String callers = exchange.getRequest().getHeaders().getFirst(HEADER);
    boolean echo = callers != null && CALLER_ID.matcher(callers).matches();
    exchange.getResponse().getHeaders().set(HEADER, echo ? callers : id);
    return chain.filter(exchange);
  }

  private static String generate() {
    UUID uuid = UUID.randomUUID();
    return "req_"
        + Long.toHexString(uuid.getMostSignificantBits())
        + Long.toHexString(uuid.getLeastSignificantBits());
  }
}
