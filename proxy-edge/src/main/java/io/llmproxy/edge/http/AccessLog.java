package io.llmproxy.edge.http;

import io.llmproxy.edge.correlation.RequestIds;
import io.llmproxy.kernel.logging.SecretMasking;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * One line per request on the logger {@code llmproxy.access}, written once the answer is complete
 * (a stream: after its last frame), when {@code llmproxy.access-log.enabled} is true. Off by
 * default because a log line per request costs throughput; off, the filter adds nothing to a
 * request.
 *
 * <p>The presented key appears only masked ({@code sk-llmp-<id>-****}), enough to tell which key
 * was used; path and query are masked too, as clients sometimes put credentials there.
 *
 * <p>A request often completes on the usage ledger's single writer thread, whose every microsecond
 * delays the next group commit; so lines are written by a thread of their own, and only a full
 * queue (a console that cannot keep up) makes the completing thread write its line itself.
 */
@Component
// outermost, to see every answer the other filters give; whether RequestIds runs before or after
// does not matter, as the id is read when the request has finished
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessLog implements WebFilter, DisposableBean {

  public static final String LOGGER = "llmproxy.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  private static final String API_KEY_HEADER = "x-api-key";
  private static final int QUEUED_LINES = 8192;

  private final boolean enabled;
  private final ThreadPoolExecutor writer;

  AccessLog(@Value("${llmproxy.access-log.enabled:false}") boolean enabled) {
    this.enabled = enabled;
    this.writer = enabled ? newWriter() : null;
  }

  private static ThreadPoolExecutor newWriter() {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED_LINES),
        task -> {
          Thread thread = new Thread(task, "access-log");
          thread.setDaemon(true);
          return thread;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  /** Lines of requests that finished before shutdown are still written. */
  @Override
  public void destroy() throws InterruptedException {
    if (writer != null) {
      writer.shutdown();
      writer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!enabled || !log.isInfoEnabled()) {
      return chain.filter(exchange);
    }
    Entry entry = new Entry(exchange, System.nanoTime(), writer);
    return chain
        .filter(exchange)
        .doOnError(failure -> entry.afterFailure())
        .doFinally(
            signal -> {
              if (signal != SignalType.ON_ERROR) {
                entry.write(signal == SignalType.CANCEL);
              }
            });
  }

  /** One request's line; written exactly once, whichever way the request ends. */
  private static final class Entry {

    private final ServerWebExchange exchange;
    private final long startNanos;
    private final ThreadPoolExecutor writer;
    private final AtomicBoolean written = new AtomicBoolean();

    Entry(ServerWebExchange exchange, long startNanos, ThreadPoolExecutor writer) {
      this.exchange = exchange;
      this.startNanos = startNanos;
      this.writer = writer;
    }

    /**
     * A failure leaves the filter chain before the error handler, which sits outside it, has set
     * the status: the line waits for the error answer to be committed, unless it already was (a
     * stream that broke off).
     */
    void afterFailure() {
      ServerHttpResponse response = exchange.getResponse();
      if (response.isCommitted()) {
        write(false);
      } else {
        response.beforeCommit(() -> Mono.fromRunnable(() -> write(false)));
      }
    }

    void write(boolean cancelled) {
      if (!written.compareAndSet(false, true)) {
        return;
      }
      long durationMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      ServerHttpRequest request = exchange.getRequest();
      ServerHttpResponse response = exchange.getResponse();
      HttpStatusCode status = response.getStatusCode();
      long length = response.getHeaders().getContentLength();
      // read now, while the exchange is current; formatted and masked on the writer thread
      String method = request.getMethod().name();
      String pathAndQuery = pathAndQuery(request);
      String requestId = RequestIds.of(exchange);
      String client = client(request);
      String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
      String apiKey = request.getHeaders().getFirst(API_KEY_HEADER);
      writer.execute(
          () ->
              log.info(
                  "method={} path={} status={} duration_ms={} bytes={} request_id={} client={}"
                      + " credential={}{}",
                  method,
                  SecretMasking.mask(pathAndQuery),
                  status == null ? "-" : status.value(),
                  durationMillis,
                  length < 0 ? "-" : length,
                  requestId,
                  client,
                  credential(authorization, apiKey),
                  cancelled ? " cancelled=true" : ""));
    }

    private static String pathAndQuery(ServerHttpRequest request) {
      String query = request.getURI().getRawQuery();
      String path = request.getURI().getRawPath();
      return query == null ? path : path + "?" + query;
    }

    private static String client(ServerHttpRequest request) {
      InetSocketAddress remote = request.getRemoteAddress();
      if (remote == null) {
        return "-";
      }
      // the literal address, never a reverse DNS lookup on the request path
      return remote.getAddress() != null
          ? remote.getAddress().getHostAddress()
          : remote.getHostString();
    }

    /** The key as the client presented it, masked: never the secret, whatever its shape. */
    private static String credential(String authorization, String apiKey) {
      if (authorization != null) {
        return BearerCredentials.from(authorization)
            .map(SecretMasking::maskCredential)
            .orElse(SecretMasking.MASK);
      }
      return apiKey == null || apiKey.isBlank() ? "-" : SecretMasking.maskCredential(apiKey);
    }
  }
}
