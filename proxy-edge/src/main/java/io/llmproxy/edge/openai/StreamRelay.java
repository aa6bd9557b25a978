package io.llmproxy.edge.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiErrorBody;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.OpenAiUsage;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * Relays one streamed answer to the client as SSE frames, each as soon as the provider sent it, and
 * records the request's end exactly once: {@code [DONE]} is released only after the usage is
 * durable; a provider failing mid-stream ends the stream with an error event; a client that goes
 * away cancels the provider call and is billed for what was consumed until then.
 */
final class StreamRelay {

  private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final RequestAttempts attempts;
  private final UsageEstimator estimator;
  private final ObjectMapper json;
  private final boolean clientWantsUsage;
  private final StringBuilder generated = new StringBuilder();
  private TokenUsage reported;
  private boolean anyChunk;
  private volatile boolean anyFrameRelayed;

  /**
   * Relays whichever attempt of the request produces the stream: failed attempts before the first
   * chunk were recorded by the failover, so this relay records the attempt current when it ends.
   */
  StreamRelay(RequestAttempts attempts, UsageEstimator estimator, ObjectMapper json) {
    this.attempts = attempts;
    this.estimator = estimator;
    this.json = json;
    this.clientWantsUsage = OpenAiRequests.usageRequested(attempts.request());
  }

  /** The SSE frames for the client, ending in {@code [DONE]} or an error event. */
  Flux<byte[]> frames(Flux<StreamChunk> upstream) {
    return upstream
        .<byte[]>handle(this::relay)
        .concatWith(Mono.defer(() -> finish(UsageOutcome.SUCCESS).thenReturn(DONE)))
        .onErrorResume(this::failed)
        .doOnCancel(
            () -> {
              RequestAttempts.Current current = attempts.current();
              if (current != null) {
                Consumed consumed = consumed();
                current
                    .attempt()
                    .finishDetached(
                        UsageOutcome.CLIENT_CANCELLED, consumed.usage(), consumed.estimated());
              }
            });
  }

  private void relay(StreamChunk chunk, SynchronousSink<byte[]> sink) {
    attempts.current().attempt().firstChunkArrived();
    JsonNode usage = observe(chunk.json());
    String data = chunk.data();
    if (usage.isObject() && !clientWantsUsage) {
      JsonNode choices = chunk.json().path("choices");
      if (!choices.isArray() || choices.isEmpty()) {
        return;
      }
      // usage riding on a content chunk: keep the content, drop what the client did not ask for
      ObjectNode withoutUsage = chunk.json().deepCopy();
      withoutUsage.remove("usage");
      data = write(withoutUsage);
    }
    anyFrameRelayed = true;
    sink.next(frame(data));
  }

  private synchronized JsonNode observe(ObjectNode chunk) {
    anyChunk = true;
    JsonNode usage = chunk.path("usage");
    if (usage.isObject()) {
      OpenAiUsage.in(chunk).ifPresent(found -> reported = found);
    }
    generated.append(UsageEstimator.generatedText(chunk));
    return usage;
  }

  /**
   * What the request consumed as far as it went: the provider's own figures once they arrived,
   * otherwise the prompt plus the text streamed so far, counted locally.
   */
  private Mono<Void> finish(UsageOutcome outcome) {
    return Mono.defer(
        () -> {
          if (attempts.current() == null) {
            return Mono.empty();
          }
          Consumed consumed = consumed();
          return attempts
              .current()
              .attempt()
              .finish(outcome, consumed.usage(), consumed.estimated())
              .then();
        });
  }

  private record Consumed(TokenUsage usage, boolean estimated) {}

  private synchronized Consumed consumed() {
    if (reported != null) {
      return new Consumed(reported, false);
    }
    ProviderCall call = attempts.current().call();
    return new Consumed(
        TokenUsage.of(
            estimator.promptTokens(call), estimator.textTokens(call, generated.toString())),
        true);
  }

  private Flux<byte[]> failed(Throwable failure) {
    ApiException clientError;
    Mono<Void> recorded;
    if (failure instanceof ApiException api) {
      // the ledger refused the entry: the attempt is already finished
      clientError = api;
      recorded = Mono.empty();
    } else if (failure instanceof UpstreamException upstream) {
      RequestAttempts.Current current = attempts.current();
      clientError = upstream.toClientError(current.target().provider());
      // before any chunk the failover has already recorded the failed attempt
      recorded = anyChunkSeen() ? finish(UsageOutcome.UPSTREAM_ERROR) : Mono.empty();
    } else {
      log.error("relaying stream {} failed", attempts.requestId(), failure);
      clientError =
          new ApiException(
              HttpStatus.INTERNAL_SERVER_ERROR,
              "api_error",
              "internal_error",
              null,
              "internal error");
      recorded = finish(UsageOutcome.UPSTREAM_ERROR);
    }
    if (!anyFrameRelayed) {
      // nothing sent yet: the client gets a plain error response with its status
      return recorded.then(Mono.<byte[]>error(clientError)).flux();
    }
    return recorded.onErrorResume(e -> Mono.empty()).thenReturn(errorFrame(clientError)).flux();
  }

  private synchronized boolean anyChunkSeen() {
    return anyChunk;
  }

  private byte[] errorFrame(ApiException error) {
    try {
      return frame(json.writeValueAsString(ApiErrorBody.of(error)));
    } catch (JsonProcessingException e) {
      return frame("{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\"}}");
    }
  }

  private String write(ObjectNode chunk) {
    try {
      return json.writeValueAsString(chunk);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed chunk could not be written back", e);
    }
  }

  private static byte[] frame(String data) {
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
