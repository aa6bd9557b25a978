package io.llmproxy.edge.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.ProviderAdapter;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.ServerSentEvents;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamClient;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UpstreamLimits;
import io.llmproxy.edge.providers.UpstreamPath;
import io.llmproxy.edge.providers.UsageEstimator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * Any upstream that speaks OpenAI's API: api.openai.com, compatible servers such as Ollama, vLLM,
 * Groq, Mistral or DeepSeek, and (with its own URLs and header, see {@link #azure}) Azure OpenAI.
 * Answers are relayed byte for byte; the adapter only reads them for usage.
 */
public class OpenAiCompatibleAdapter implements ProviderAdapter {

  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final UpstreamClient upstream;
  private final UsageEstimator estimator;
  private final Function<ProviderCall, UpstreamPath> endpoint;
  private final OpenAiChunkReader chunks;

  private OpenAiCompatibleAdapter(
      UpstreamClient upstream,
      UsageEstimator estimator,
      Function<ProviderCall, UpstreamPath> endpoint,
      ObjectMapper json) {
    this.upstream = upstream;
    this.chunks = new OpenAiChunkReader(json);
    this.estimator = estimator;
    this.endpoint = endpoint;
  }

  /** OpenAI and compatible servers: {@code <base-url>/chat/completions}, a bearer credential. */
  public static OpenAiCompatibleAdapter openAi(
      String name,
      ProviderSettings.Provider settings,
      ObjectMapper json,
      UsageEstimator estimator,
      UpstreamLimits limits) {
    Map<String, String> headers =
        settings.apiKey() == null || settings.apiKey().isBlank()
            ? Map.of()
            : Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiKey().strip());
    return new OpenAiCompatibleAdapter(
        UpstreamClient.create(name, settings, json, headers, limits),
        estimator,
        call -> UpstreamPath.of(call.operation().path()),
        json);
  }

  /**
   * Azure OpenAI: the route's upstream model names the deployment, {@code
   * <base-url>/deployments/<deployment>/chat/completions?api-version=<api-version>}, and the
   * credential travels in an {@code api-key} header.
   */
  public static OpenAiCompatibleAdapter azure(
      String name,
      ProviderSettings.Provider settings,
      ObjectMapper json,
      UsageEstimator estimator,
      UpstreamLimits limits) {
    if (settings.apiVersion() == null || settings.apiVersion().isBlank()) {
      throw new IllegalStateException(
          "llmproxy.providers." + name + ".api-version is required for azure-openai");
    }
    Map<String, String> headers =
        settings.apiKey() == null || settings.apiKey().isBlank()
            ? Map.of()
            : Map.of("api-key", settings.apiKey().strip());
    String version = settings.apiVersion().strip();
    return new OpenAiCompatibleAdapter(
        UpstreamClient.create(name, settings, json, headers, limits),
        estimator,
        call ->
            UpstreamPath.of("/deployments")
                .segment(call.upstreamModel())
                .then(call.operation().path())
                .query("api-version", version),
        json);
  }

  @Override
  public Mono<ProviderResponse> send(ProviderCall call) {
    ObjectNode upstreamRequest = call.request().deepCopy();
    upstreamRequest.put("model", call.upstreamModel());
    return upstream.postForBytes(endpoint.apply(call), upstreamRequest).handle(withUsage(call));
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
    AtomicBoolean finished = new AtomicBoolean();
    return upstream
        .postForEvents(endpoint.apply(call), upstreamRequest)
        .<StreamChunk>handle((event, sink) -> relayFrame(event, finished, sink))
        .concatWith(
            Mono.defer(
                () ->
                    finished.get()
                        ? Mono.empty()
                        : Mono.error(
                            UpstreamException.malformed("the stream ended before [DONE]"))));
  }

  private void relayFrame(
      ServerSentEvents.Event event, AtomicBoolean finished, SynchronousSink<StreamChunk> sink) {
    if (finished.get() || event.isBlank()) {
      return;
    }
    if (isDone(event.data())) {
      // not sink.complete(): cancelling the body would close the connection instead of reusing it
      finished.set(true);
      return;
    }
    OpenAiChunkReader.Read read = chunks.read(event.data());
    if (read.facts() == null || read.reportsError()) {
      // the rare frames: an error, or not UTF-8 JSON as it came; read as text, as they always were
      relayText(event.text(), sink);
    } else {
      sink.next(StreamChunk.relayed(event.data(), read.facts(), upstream::parseObject));
    }
  }

  /**
   * A frame that is not UTF-8 JSON as it came: read as text, with any byte that is not UTF-8
   * replaced, as it is relayed then.
   */
  private void relayText(String data, SynchronousSink<StreamChunk> sink) {
    ObjectNode chunk = upstream.parseObject(data);
    if (chunk == null) {
      sink.error(UpstreamException.malformed("a stream frame was not a JSON object"));
    } else if (chunk.hasNonNull("error")) {
      sink.error(new UpstreamException(500, chunk, "reported an error mid-stream"));
    } else {
      sink.next(StreamChunk.of(data, chunk));
    }
  }

  /** {@code [DONE]}, maybe with spaces or line breaks around it. */
  private static boolean isDone(byte[] data) {
    int from = 0;
    int to = data.length;
    while (from < to && Character.isWhitespace(data[from])) {
      from++;
    }
    while (to > from && Character.isWhitespace(data[to - 1])) {
      to--;
    }
    return Arrays.equals(data, from, to, DONE, 0, DONE.length);
  }

  /** The answer as it came, with its usage read without a tree, or counted if it has none. */
  private BiConsumer<byte[], SynchronousSink<ProviderResponse>> withUsage(ProviderCall call) {
    return (bytes, sink) -> {
      OpenAiChunkReader.Read read = chunks.read(bytes);
      if (read.facts() == null) {
        sink.error(UpstreamException.malformed("the answer was not a JSON object"));
        return;
      }
      sink.next(
          read.facts()
              .usage()
              .map(usage -> new ProviderResponse(bytes, usage, false))
              .orElseGet(() -> estimator.estimated(call, bytes, upstream.parseObject(bytes))));
    };
  }
}
