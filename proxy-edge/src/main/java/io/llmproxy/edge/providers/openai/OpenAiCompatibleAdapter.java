package io.llmproxy.edge.providers.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.OpenAiUsage;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.ServerSentEvents;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.kernel.usage.TokenUsage;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Any upstream that speaks OpenAI's API: api.openai.com, and compatible servers such as Ollama,
 * vLLM, Groq, Mistral or DeepSeek. Answers are relayed byte for byte; the adapter only reads them
 * for usage.
 */
public class OpenAiCompatibleAdapter implements ProviderAdapter {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
  private static final int MAX_CONNECTIONS = 1024;
  private static final String DONE = "[DONE]";

  private final WebClient client;
  private final ObjectMapper json;
  private final UsageEstimator estimator;
  private final Duration timeout;

  public OpenAiCompatibleAdapter(
      String name,
      ProviderSettings.Provider settings,
      WebClient.Builder builder,
      ObjectMapper json,
      UsageEstimator estimator) {
    if (settings.baseUrl() == null) {
      throw new IllegalStateException(
          "llmproxy.providers." + name + ".base-url is required for openai-compatible");
    }
    ConnectionProvider pool =
        ConnectionProvider.builder("upstream-" + name)
            .maxConnections(MAX_CONNECTIONS)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    // responseTimeout bounds each wait for bytes: before the first, and between two stream frames
    HttpClient http =
        HttpClient.create(pool)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
            .responseTimeout(settings.timeout());
    String baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
    builder
        .baseUrl(baseUrl)
        .clientConnector(new ReactorClientHttpConnector(http))
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_RESPONSE_BYTES));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      builder.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey().strip());
    }
    this.client = builder.build();
    this.json = json;
    this.estimator = estimator;
    this.timeout = settings.timeout();
  }

  @Override
  public Mono<ProviderResponse> send(ProviderCall call) {
    ObjectNode upstreamRequest = call.request().deepCopy();
    upstreamRequest.put("model", call.upstreamModel());
    return client
        .post()
        .uri(call.operation().path())
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON)
        .bodyValue(bytes(upstreamRequest))
        .exchangeToMono(response -> readAnswer(call, response))
        .timeout(timeout, Mono.error(UpstreamException::timedOut))
        .onErrorMap(e -> !(e instanceof UpstreamException), UpstreamException::from);
  }

  @Override
  public Flux<StreamChunk> stream(ProviderCall call) {
    ObjectNode upstreamRequest = call.request().deepCopy();
    upstreamRequest.put("model", call.upstreamModel());
    upstreamRequest.put("stream", true);
    if (call.operation() != Operation.EMBEDDINGS) {
      JsonNode options = upstreamRequest.path("stream_options");
      ObjectNode streamOptions =
          options.isObject() ? (ObjectNode) options : upstreamRequest.putObject("stream_options");
      // usage arrives only if asked for; the relay hides it from clients that did not ask
      streamOptions.put("include_usage", true);
    }
    return client
        .post()
        .uri(call.operation().path())
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .bodyValue(bytes(upstreamRequest))
        .exchangeToFlux(this::readStream)
        .onErrorMap(e -> !(e instanceof UpstreamException), UpstreamException::from);
  }

  private Mono<ProviderResponse> readAnswer(ProviderCall call, ClientResponse response) {
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
              return Mono.just(withUsage(call, bytes, body));
            });
  }

  private Flux<StreamChunk> readStream(ClientResponse response) {
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
    AtomicBoolean finished = new AtomicBoolean();
    return ServerSentEvents.decode(response.bodyToFlux(DataBuffer.class))
        .<StreamChunk>handle((event, sink) -> relayFrame(event.data(), finished, sink))
        .concatWith(
            Mono.defer(
                () ->
                    finished.get()
                        ? Mono.empty()
                        : Mono.error(
                            UpstreamException.malformed("the stream ended before [DONE]"))));
  }

  private void relayFrame(String data, AtomicBoolean finished, SynchronousSink<StreamChunk> sink) {
    if (finished.get() || data.isBlank()) {
      return;
    }
    if (DONE.equals(data.strip())) {
      // not sink.complete(): cancelling the body would close the connection instead of reusing it
      finished.set(true);
      return;
    }
    ObjectNode chunk = parseChunk(data);
    if (chunk == null) {
      sink.error(UpstreamException.malformed("a stream frame was not a JSON object"));
    } else if (chunk.hasNonNull("error")) {
      sink.error(new UpstreamException(500, chunk, "reported an error mid-stream"));
    } else {
      sink.next(new StreamChunk(data, chunk));
    }
  }

  private static UpstreamException refusal(ClientResponse response, ObjectNode body) {
    int status = response.statusCode().value();
    return new UpstreamException(status, body, "HTTP " + status)
        .withRetryAfter(response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER));
  }

  private ProviderResponse withUsage(ProviderCall call, byte[] bytes, ObjectNode body) {
    return OpenAiUsage.in(body)
        .map(usage -> new ProviderResponse(bytes, usage, false))
        .orElseGet(
            () -> {
              long prompt = estimator.promptTokens(call);
              long completion = estimator.textTokens(call, UsageEstimator.generatedText(body));
              return new ProviderResponse(bytes, TokenUsage.of(prompt, completion), true);
            });
  }

  private byte[] bytes(ObjectNode request) {
    try {
      return json.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed request could not be written back", e);
    }
  }

  private ObjectNode parseChunk(String data) {
    try {
      JsonNode node = json.readTree(data);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
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
