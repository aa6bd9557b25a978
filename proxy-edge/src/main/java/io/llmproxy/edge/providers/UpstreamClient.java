package io.llmproxy.edge.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP side every adapter shares: a pooled connection per provider, JSON posted as bytes, a
 * non-2xx answer turned into an {@link UpstreamException} carrying the provider's error body and
 * {@code Retry-After}, and streams decoded as server-sent events. Adapters only translate.
 *
 * <p>Reactor Netty's client is used as it is, configured once per provider: the answer is read as
 * bytes and nothing on the way needs WebClient's exchange, codec and filter machinery, which cost
 * more CPU per request than the rest of the upstream call (decision 0006).
 */
public final class UpstreamClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  // a request waits this long for one of the deployment's connections, then fails as a timeout
  // (which a fallback deployment may answer)
  private static final Duration CONNECTION_WAIT = Duration.ofSeconds(45);
  private static final String JSON_TYPE = MediaType.APPLICATION_JSON_VALUE;
  private static final String EVENTS_TYPE = MediaType.TEXT_EVENT_STREAM_VALUE;

  private final HttpClient forAnswers;
  private final HttpClient forEvents;
  private final String baseUrl;
  private final ObjectMapper json;
  private final Duration timeout;
  private final UpstreamLimits limits;
  private final UnaryOperator<Refusal> refusals;

  /** A parsed whole answer; {@code json} is null when the body was not a JSON object. */
  public record Answer(byte[] bytes, ObjectNode json) {}

  /**
   * A non-2xx answer as the provider sent it: its status, its body (null when not a JSON object)
   * and its {@code Retry-After} (null when absent). A provider whose errors say more than their
   * status rewrites it before it becomes an {@link UpstreamException}.
   */
  public record Refusal(int status, ObjectNode body, String retryAfter) {
    public Refusal withStatus(int newStatus) {
      return new Refusal(newStatus, body, retryAfter);
    }

    public Refusal withRetryAfter(String seconds) {
      return new Refusal(status, body, seconds);
    }
  }

  private UpstreamClient(
      HttpClient http,
      String baseUrl,
      ObjectMapper json,
      Duration timeout,
      UpstreamLimits limits,
      UnaryOperator<Refusal> refusals) {
    // the two kinds of call differ only in what they accept: each its own client, built once, so
    // that no request copies the client's configuration to set a header
    this.forAnswers = http.headers(h -> h.set(HttpHeaderNames.ACCEPT, JSON_TYPE));
    this.forEvents = http.headers(h -> h.set(HttpHeaderNames.ACCEPT, EVENTS_TYPE));
    this.baseUrl = baseUrl;
    this.json = json;
    this.timeout = timeout;
    this.limits = limits;
    this.refusals = refusals;
  }

  /**
   * A client for provider {@code name} rooted at its {@code base-url}, sending {@code headers}
   * (credentials among them) with every request, reading no more of an answer than {@code limits}
   * allow.
   */
  public static UpstreamClient create(
      String name,
      ProviderSettings.Provider settings,
      ObjectMapper json,
      Map<String, String> headers,
      UpstreamLimits limits) {
    return create(name, settings, json, headers, limits, UnaryOperator.identity());
  }

  /**
   * As {@link #create(String, ProviderSettings.Provider, ObjectMapper, Map, UpstreamLimits)}, with
   * a provider's own reading of its refusals.
   */
  public static UpstreamClient create(
      String name,
      ProviderSettings.Provider settings,
      ObjectMapper json,
      Map<String, String> headers,
      UpstreamLimits limits,
      UnaryOperator<Refusal> refusals) {
    if (settings.baseUrl() == null) {
      throw new IllegalStateException(
          "llmproxy.providers." + name + ".base-url is required for " + settings.kind());
    }
    ConnectionProvider pool =
        ConnectionProvider.builder("upstream-" + name)
            .maxConnections(settings.maxConnections())
            .pendingAcquireMaxCount(-1)
            .pendingAcquireTimeout(CONNECTION_WAIT)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    // responseTimeout bounds each wait for bytes: before the first, and between two stream frames
    HttpClient http =
        HttpClient.create(pool)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .responseTimeout(settings.timeout())
            .headers(
                h -> {
                  h.set(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE);
                  headers.forEach(h::set);
                });
    String baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
    return new UpstreamClient(http, baseUrl, json, settings.timeout(), limits, refusals);
  }

  /** Posts {@code body} and reads the whole answer, which must be a 2xx JSON object. */
  public Mono<Answer> post(UpstreamPath path, ObjectNode body) {
    return postForBytes(path, body)
        .handle(
            (bytes, sink) -> {
              ObjectNode parsed = parseObject(bytes);
              if (parsed == null) {
                sink.error(UpstreamException.malformed("the answer was not a JSON object"));
              } else {
                sink.next(new Answer(bytes, parsed));
              }
            });
  }

  /**
   * Posts {@code body} and reads the whole 2xx answer as it came, for an adapter that reads what it
   * needs of it without a tree.
   */
  public Mono<byte[]> postForBytes(UpstreamPath path, ObjectNode body) {
    return Mono.defer(
            () -> posted(forAnswers, path, body).responseConnection(this::readAnswer).next())
        .timeout(timeout, Mono.error(UpstreamException::timedOut))
        .onErrorMap(e -> !(e instanceof UpstreamException), UpstreamException::from);
  }

  /**
   * Posts {@code body} and decodes the answer as server-sent events as they arrive; a non-2xx
   * answer or one that is not {@code text/event-stream} fails before the first event.
   */
  public Flux<ServerSentEvents.Event> postForEvents(UpstreamPath path, ObjectNode body) {
    return Flux.defer(() -> posted(forEvents, path, body).responseConnection(this::readEvents))
        .onErrorMap(e -> !(e instanceof UpstreamException), UpstreamException::from);
  }

  private HttpClient.ResponseReceiver<?> posted(
      HttpClient client, UpstreamPath path, ObjectNode body) {
    byte[] bytes = bytes(body);
    return client.post().uri(uri(path)).send((request, out) -> out.sendByteArray(Mono.just(bytes)));
  }

  /**
   * The absolute address of {@code path}, sent as it is: the path's segments are already encoded,
   * so nothing in a stored name is read as part of the URL's syntax.
   */
  private String uri(UpstreamPath path) {
    return baseUrl + path.encoded();
  }

  /** Parses one JSON object (a stream frame or an answer); null for anything else. */
  public ObjectNode parseObject(String text) {
    try {
      JsonNode node = json.readTree(text);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  private Mono<byte[]> readAnswer(HttpClientResponse response, Connection connection) {
    return AnswerBytes.read(response, connection, limits.maxAnswerSize())
        .flatMap(
            bytes ->
                successful(response)
                    ? Mono.just(bytes)
                    : Mono.error(refusal(response, parseObject(bytes))));
  }

  private Flux<ServerSentEvents.Event> readEvents(
      HttpClientResponse response, Connection connection) {
    if (!successful(response)) {
      return AnswerBytes.read(response, connection, limits.maxAnswerSize())
          .flatMapMany(bytes -> Flux.error(refusal(response, parseObject(bytes))));
    }
    String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
    if (!isEventStream(type)) {
      // closed rather than drained: the body is of no use and of unknown length
      connection.dispose();
      return Flux.error(
          UpstreamException.malformed(
              "the answer was "
                  + (type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE : type)
                  + ", not an event stream"));
    }
    return ServerSentEvents.decode(connection.inbound().receive().asByteArray(), limits);
  }

  private static boolean isEventStream(String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      return MediaType.TEXT_EVENT_STREAM.isCompatibleWith(MediaType.parseMediaType(contentType));
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
  }

  private static boolean successful(HttpClientResponse response) {
    int status = response.status().code();
    return status >= 200 && status < 300;
  }

  private UpstreamException refusal(HttpClientResponse response, ObjectNode body) {
    HttpHeaders headers = response.responseHeaders();
    Refusal read =
        refusals.apply(
            new Refusal(response.status().code(), body, headers.get(HttpHeaderNames.RETRY_AFTER)));
    return new UpstreamException(read.status(), read.body(), "HTTP " + read.status())
        .withRetryAfter(read.retryAfter());
  }

  private byte[] bytes(ObjectNode request) {
    try {
      return json.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed request could not be written back", e);
    }
  }

  /** Parses one JSON object from its UTF-8 bytes; null for anything else. */
  public ObjectNode parseObject(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      JsonNode node = json.readTree(bytes);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }
}
