package io.llmproxy.edge.providers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP side every adapter shares: a pooled connection per provider, JSON posted as bytes, a
 * non-2xx answer turned into an {@link UpstreamException} carrying the provider's error body and
 * {@code Retry-After}, and streams decoded as server-sent events. Adapters only translate.
 */
public final class UpstreamClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  // a request waits this long for one of the deployment's connections, then fails as a timeout
  // (which a fallback deployment may answer)
  private static final Duration CONNECTION_WAIT = Duration.ofSeconds(45);

  private final WebClient client;
  private final String baseUrl;
  private final ObjectMapper json;
  private final Duration timeout;
  private final UpstreamLimits limits;

  /** A parsed whole answer; {@code json} is null when the body was not a JSON object. */
  public record Answer(byte[] bytes, ObjectNode json) {}

  private UpstreamClient(
      WebClient client,
      String baseUrl,
      ObjectMapper json,
      Duration timeout,
      UpstreamLimits limits) {
    this.client = client;
    this.baseUrl = baseUrl;
    this.json = json;
    this.timeout = timeout;
    this.limits = limits;
  }

  /**
   * A client for provider {@code name} rooted at its {@code base-url}, sending {@code headers}
   * (credentials among them) with every request, reading no more of an answer than {@code limits}
   * allow.
   */
  public static UpstreamClient create(
      String name,
      ProviderSettings.Provider settings,
      WebClient.Builder builder,
      ObjectMapper json,
      Map<String, String> headers,
      UpstreamLimits limits) {
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
            .responseTimeout(settings.timeout());
    String baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
    builder
        .clientConnector(new ReactorClientHttpConnector(http))
        // every body read whole (answers, error bodies, Gemini's error filter) stops at the limit
        .codecs(
            codecs ->
                codecs.defaultCodecs().maxInMemorySize((int) limits.maxAnswerSize().toBytes()));
    headers.forEach(builder::defaultHeader);
    return new UpstreamClient(builder.build(), baseUrl, json, settings.timeout(), limits);
  }

  /** Posts {@code body} and reads the whole answer, which must be a 2xx JSON object. */
  public Mono<Answer> post(UpstreamPath path, ObjectNode body) {
    return client
        .post()
        .uri(uri(path))
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(bytes(body))
        .exchangeToMono(this::readAnswer)
        .timeout(timeout, Mono.error(UpstreamException::timedOut))
        .onErrorMap(e -> !(e instanceof UpstreamException), this::failure);
  }

  /**
   * Posts {@code body} and decodes the answer as server-sent events as they arrive; a non-2xx
   * answer or one that is not {@code text/event-stream} fails before the first event.
   */
  public Flux<ServerSentEvents.Event> postForEvents(UpstreamPath path, ObjectNode body) {
    return client
        .post()
        .uri(uri(path))
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue(bytes(body))
        .exchangeToFlux(this::readEvents)
        .onErrorMap(e -> !(e instanceof UpstreamException), this::failure);
  }

  /**
   * The absolute address of {@code path}. Passed to WebClient as a {@link URI}, which it sends as
   * it is: a path given as text would be expanded as a URI template, {@code {x}} in a stored name
   * included.
   */
  private URI uri(UpstreamPath path) {
    return URI.create(baseUrl + path.encoded());
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

  private Mono<Answer> readAnswer(ClientResponse response) {
    return response
        .bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .flatMap(
            bytes -> {
              ObjectNode body = parseObject(bytes);
              if (!response.statusCode().is2xxSuccessful()) {
                return Mono.error(refusal(response, body));
              }
              if (body == null) {
                return Mono.error(UpstreamException.malformed("the answer was not a JSON object"));
              }
              return Mono.just(new Answer(bytes, body));
            });
  }

  private Flux<ServerSentEvents.Event> readEvents(ClientResponse response) {
    if (!response.statusCode().is2xxSuccessful()) {
      return response
          .bodyToMono(byte[].class)
          .defaultIfEmpty(new byte[0])
          .flatMapMany(bytes -> Flux.error(refusal(response, parseObject(bytes))));
    }
    MediaType type = response.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
    if (!MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
      return response
          .releaseBody()
          .thenMany(
              Flux.error(
                  UpstreamException.malformed("the answer was " + type + ", not an event stream")));
    }
    return ServerSentEvents.decode(response.bodyToFlux(DataBuffer.class), limits);
  }

  /** A body the codecs stopped reading at the limit, or a transport failure. */
  private UpstreamException failure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataBufferLimitException) {
        return AnswerTooLarge.answer(limits.maxAnswerSize());
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return UpstreamException.from(failure);
  }

  private static UpstreamException refusal(ClientResponse response, ObjectNode body) {
    int status = response.statusCode().value();
    return new UpstreamException(status, body, "HTTP " + status)
        .withRetryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER));
  }

  private byte[] bytes(ObjectNode request) {
    try {
      return json.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed request could not be written back", e);
    }
  }

  private ObjectNode parseObject(byte[] bytes) {
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
