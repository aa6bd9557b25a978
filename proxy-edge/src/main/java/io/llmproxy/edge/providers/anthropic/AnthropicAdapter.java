package io.llmproxy.edge.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamClient;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UpstreamLimits;
import io.llmproxy.edge.providers.UpstreamPath;
import io.llmproxy.edge.providers.UsageEstimator;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Anthropic's Messages API ({@code POST <base-url>/messages}) behind OpenAI's chat completions: the
 * client's request is translated to a Messages request, the answer (whole or streamed) back to
 * OpenAI's shapes, and Anthropic's own usage, cache reads and writes included, is what gets billed.
 * Legacy completions and embeddings have no Anthropic counterpart and are refused.
 */
public class AnthropicAdapter implements ProviderAdapter {

  static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com/v1");

  /** The API version this translation is written against, unless configured otherwise. */
  static final String DEFAULT_VERSION = "2023-06-01";

  private static final UpstreamPath MESSAGES = UpstreamPath.of("/messages");

  private final UpstreamClient upstream;
  private final ObjectMapper json;
  private final UsageEstimator estimator;
  private final Clock clock;
  private final ChatToMessages requests;
  private final MessagesToChat answers;

  public AnthropicAdapter(
      String name,
      ProviderSettings.Provider settings,
      ObjectMapper json,
      UsageEstimator estimator,
      Clock clock,
      UpstreamLimits limits) {
    this.upstream =
        UpstreamClient.create(name, withDefaultBaseUrl(settings), json, headers(settings), limits);
    this.json = json;
    this.estimator = estimator;
    this.clock = clock;
    this.requests = new ChatToMessages(json);
    this.answers = new MessagesToChat(json);
  }

  private static ProviderSettings.Provider withDefaultBaseUrl(ProviderSettings.Provider settings) {
    if (settings.baseUrl() != null) {
      return settings;
    }
    return new ProviderSettings.Provider(
        settings.kind(),
        DEFAULT_BASE_URL,
        settings.apiKey(),
        settings.timeout(),
        settings.latency(),
        settings.apiVersion(),
        settings.maxConnections());
  }

  private static Map<String, String> headers(ProviderSettings.Provider settings) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      headers.put("x-api-key", settings.apiKey().strip());
    }
    String version = settings.apiVersion();
    headers.put(
        "anthropic-version",
        version == null || version.isBlank() ? DEFAULT_VERSION : version.strip());
    return headers;
  }

  @Override
  public Mono<ProviderResponse> send(ProviderCall call) {
    return Mono.defer(
        () -> {
          ObjectNode request = translate(call, false);
          return upstream.post(MESSAGES, request).map(answer -> answerOf(call, answer.json()));
        });
  }

  @Override
  public Flux<StreamChunk> stream(ProviderCall call) {
    return Flux.defer(
        () -> {
          ObjectNode request = translate(call, true);
          MessagesStreamTranslator translator =
              new MessagesStreamTranslator(json, call.upstreamModel(), now());
          return upstream
              .postForEvents(MESSAGES, request)
              .concatMapIterable(event -> chunksOf(translator, event.event(), event.text()))
              .concatWith(
                  Mono.defer(
                      () ->
                          translator.finished()
                              ? Mono.empty()
                              : Mono.error(
                                  UpstreamException.malformed(
                                      "the stream ended before message_stop"))));
        });
  }

  private ObjectNode translate(ProviderCall call, boolean stream) {
    if (call.operation() != Operation.CHAT_COMPLETIONS) {
      throw Refusals.invalid(
          null,
          "The "
              + call.operation().ledgerName()
              + " endpoint is not supported by Anthropic; use chat completions.");
    }
    return requests.translate(call.request(), call.upstreamModel(), stream);
  }

  private ProviderResponse answerOf(ProviderCall call, ObjectNode message) {
    ObjectNode completion = answers.translate(message, call.upstreamModel(), now());
    byte[] bytes = bytes(completion);
    AnthropicUsage usage = new AnthropicUsage();
    usage.update(message.path("usage"));
    if (!usage.reported()) {
      return estimator.estimated(call, bytes, completion);
    }
    return new ProviderResponse(bytes, usage.toTokenUsage(), false);
  }

  private List<StreamChunk> chunksOf(
      MessagesStreamTranslator translator, String eventName, String data) {
    if (data.isBlank()) {
      return List.of();
    }
    ObjectNode event = upstream.parseObject(data);
    if (event == null) {
      throw UpstreamException.malformed("a stream event was not a JSON object");
    }
    return translator.onEvent(eventName, event).stream()
        .map(chunk -> StreamChunk.of(chunk.toString(), chunk))
        .toList();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private byte[] bytes(ObjectNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a translated answer could not be written", e);
    }
  }
}
