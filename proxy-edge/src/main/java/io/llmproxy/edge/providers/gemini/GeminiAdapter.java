package io.llmproxy.edge.providers.gemini;

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
import io.llmproxy.kernel.usage.TokenUsage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Google's Gemini API ({@code generativelanguage.googleapis.com}): chat and legacy completions on
 * {@code models/<model>:generateContent} and {@code :streamGenerateContent?alt=sse}, embeddings on
 * {@code :batchEmbedContents}, each translated from and to OpenAI's shapes. The credential travels
 * in the {@code x-goog-api-key} header, never in the URL, so no URL that reaches a log holds it.
 */
public class GeminiAdapter implements ProviderAdapter {

  private static final String API_KEY_HEADER = "x-goog-api-key";

  private static final char[] ID_CHARACTERS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private final UpstreamClient upstream;
  private final UsageEstimator estimator;
  private final ObjectMapper json;
  private final Clock clock;
  private final Supplier<String> toolCallIds;
  private final GeminiRequests requests;
  private final GeminiResponses responses;

  GeminiAdapter(
      UpstreamClient upstream,
      UsageEstimator estimator,
      ObjectMapper json,
      Clock clock,
      Supplier<String> toolCallIds) {
    this.upstream = upstream;
    this.estimator = estimator;
    this.json = json;
    this.clock = clock;
    this.toolCallIds = toolCallIds;
    this.requests = new GeminiRequests(json);
    this.responses = new GeminiResponses(clock, toolCallIds);
  }

  /** The adapter for provider {@code name}, with its API key from {@code settings}. */
  public static GeminiAdapter create(
      String name,
      ProviderSettings.Provider settings,
      ObjectMapper json,
      UsageEstimator estimator,
      Clock clock,
      UpstreamLimits limits) {
    if (settings.apiKey() == null || settings.apiKey().isBlank()) {
      throw new IllegalStateException(
          "llmproxy.providers." + name + ".api-key is required for gemini");
    }
    UpstreamClient upstream =
        UpstreamClient.create(
            name,
            settings,
            json,
            Map.of(API_KEY_HEADER, settings.apiKey().strip()),
            limits,
            new GeminiRefusals());
    return new GeminiAdapter(upstream, estimator, json, clock, randomToolCallIds());
  }

  @Override
  public Mono<ProviderResponse> send(ProviderCall call) {
    if (call.operation() == Operation.EMBEDDINGS) {
      return embed(call);
    }
    return Mono.defer(
        () ->
            upstream
                .post(path(call, "generateContent"), requests.generateContent(call))
                .map(
                    answer -> {
                      GeminiResponses.Answer translated = responses.answer(call, answer.json());
                      byte[] body = bytes(translated.body());
                      return translated
                          .usage()
                          .map(usage -> new ProviderResponse(body, usage, false))
                          .orElseGet(() -> estimator.estimated(call, body, translated.body()));
                    }));
  }

  @Override
  public Flux<StreamChunk> stream(ProviderCall call) {
    if (call.operation() == Operation.EMBEDDINGS) {
      return Flux.error(GeminiErrors.invalid("Embeddings cannot be streamed.", "stream"));
    }
    return Flux.defer(
        () -> {
          ObjectNode request = requests.generateContent(call);
          GeminiStream stream = new GeminiStream(call, clock, toolCallIds);
          return upstream
              .postForEvents(path(call, "streamGenerateContent").query("alt", "sse"), request)
              .concatMapIterable(event -> translate(stream, event.text()))
              .concatWith(Flux.defer(() -> Flux.fromIterable(stream.end())))
              .map(chunk -> StreamChunk.of(text(chunk), chunk));
        });
  }

  private List<ObjectNode> translate(GeminiStream stream, String data) {
    if (data.isBlank()) {
      return List.of();
    }
    ObjectNode event = upstream.parseObject(data);
    if (event == null) {
      throw UpstreamException.malformed("a stream event was not a JSON object");
    }
    return stream.next(event);
  }

  private Mono<ProviderResponse> embed(ProviderCall call) {
    return Mono.defer(
        () -> {
          String model = modelResource(call);
          return upstream
              .post(path(call, "batchEmbedContents"), GeminiEmbeddings.request(call, model))
              .map(
                  answer -> {
                    var reported = GeminiEmbeddings.reported(answer.json());
                    TokenUsage usage =
                        reported.orElseGet(() -> TokenUsage.of(estimator.promptTokens(call), 0));
                    ObjectNode body = GeminiEmbeddings.answer(call, answer.json(), usage);
                    return new ProviderResponse(bytes(body), usage, reported.isEmpty());
                  });
        });
  }

  /** {@code /models/<id>:<method>}, the id one encoded segment whatever the route says. */
  private static UpstreamPath path(ProviderCall call, String method) {
    String resource = modelResource(call);
    int slash = resource.indexOf('/');
    return UpstreamPath.of("/" + resource.substring(0, slash))
        .segment(resource.substring(slash + 1) + ":" + method);
  }

  /**
   * {@code models/<id>} for a plain model id; a route may also name {@code models/<id>} or {@code
   * tunedModels/<id>} itself.
   */
  private static String modelResource(ProviderCall call) {
    String model = call.upstreamModel();
    if (model.startsWith("tunedModels/")) {
      return model;
    }
    return model.startsWith("models/") ? model : "models/" + model;
  }

  /** {@code call_} and 24 random letters and digits, like OpenAI's tool-call ids. */
  private static Supplier<String> randomToolCallIds() {
    SecureRandom random = new SecureRandom();
    return () -> {
      StringBuilder id = new StringBuilder("call_");
      for (int i = 0; i < 24; i++) {
        id.append(ID_CHARACTERS[random.nextInt(ID_CHARACTERS.length)]);
      }
      return id.toString();
    };
  }

  private byte[] bytes(ObjectNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a translated answer could not be written", e);
    }
  }

  private String text(ObjectNode chunk) {
    try {
      return json.writeValueAsString(chunk);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a translated chunk could not be written", e);
    }
  }
}
