package io.llmproxy.edge.gateway;

import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.providers.AnswerTooLarge;
import io.llmproxy.edge.providers.ProviderCall;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.edge.providers.UpstreamException;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.routing.Target;
import io.llmproxy.edge.tokens.RunningTokenCount;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * Relays one streamed answer to the client, each frame as soon as the provider sent its chunk, and
 * records the request's end exactly once: the closing frames are released only after the usage is
 * durable; a provider failing mid-stream ends the stream with an error frame; a client that goes
 * away cancels the provider call and is billed for what was consumed until then. The generated text
 * is counted as it passes, never kept. What the frames look like is the {@link StreamEncoding}'s
 * business.
 */
final class StreamRelay {

  private static final Logger log = LoggerFactory.getLogger(StreamRelay.class);

  private final RequestAttempts attempts;
  private final UsageEstimator estimator;
  private final StreamEncoding encoding;
  private final Consumer<String> generatedText = this::countGenerated;
  private RunningTokenCount completion;
  private TokenUsage reported;
  private boolean anyChunk;
  private volatile boolean anyFrameRelayed;

  /**
   * Relays whichever attempt of the request produces the stream: failed attempts before the first
   * chunk were recorded by the failover, so this relay records the attempt current when it ends.
   */
  StreamRelay(RequestAttempts attempts, UsageEstimator estimator, StreamEncoding encoding) {
    this.attempts = attempts;
    this.estimator = estimator;
    this.encoding = encoding;
  }

  /** The frames for the client, ending in the encoding's closing frames or an error frame. */
  Flux<byte[]> frames(Flux<StreamChunk> upstream) {
    // handle, not a flattening operator: those may let an upstream error overtake frames they
    // still hold, and a client must see every frame that came before the failure
    return upstream
        .<byte[]>handle(this::relay)
        .concatWith(
            Mono.defer(
                    () ->
                        finish(UsageOutcome.SUCCESS)
                            .then(Mono.fromCallable(() -> encoding.completed(consumed().usage()))))
                .flatMapIterable(frames -> frames))
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
    observe(chunk);
    List<byte[]> frames = encoding.chunk(chunk);
    if (!frames.isEmpty()) {
      anyFrameRelayed = true;
      sink.next(frames.size() == 1 ? frames.get(0) : joined(frames));
    }
  }

  private static byte[] joined(List<byte[]> frames) {
    int length = frames.stream().mapToInt(frame -> frame.length).sum();
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] frame : frames) {
      System.arraycopy(frame, 0, all, at, frame.length);
      at += frame.length;
    }
    return all;
  }

  private synchronized void observe(StreamChunk chunk) {
    anyChunk = true;
    chunk.usage().ifPresent(found -> reported = found);
    chunk.generatedText(generatedText);
  }

  // counted as it passes rather than kept: an answer's length is the upstream's to choose
  private void countGenerated(String text) {
    if (completion == null) {
      completion = estimator.completionCount(attempts.current().call());
    }
    completion.append(text);
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
    long completionTokens = completion == null ? 0 : completion.total();
    return new Consumed(TokenUsage.of(estimator.promptTokens(call), completionTokens), true);
  }

  private Flux<byte[]> failed(Throwable failure) {
    ApiException clientError;
    Mono<Void> recorded;
    if (failure instanceof ApiException api) {
      // the ledger refused the entry (the attempt is finished), or no attempt could start
      clientError = api;
      recorded = Mono.empty();
    } else if (failure instanceof UpstreamException upstream) {
      Target target = attempts.current().target();
      clientError = upstream.toClientError(target.provider());
      // before any chunk the failover has already recorded (and logged) the failed attempt
      if (!anyChunkSeen()) {
        recorded = Mono.empty();
      } else if (upstream instanceof AnswerTooLarge) {
        log.warn(
            "request {} stream from {} ({}) cut: {}",
            attempts.requestId(),
            target.provider(),
            target.upstreamModel(),
            upstream.getMessage());
        recorded = finish(UsageOutcome.ANSWER_TOO_LARGE);
      } else {
        recorded = finish(UsageOutcome.UPSTREAM_ERROR);
      }
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
    return recorded
        .onErrorResume(e -> Mono.empty())
        .then(Mono.fromCallable(() -> encoding.failed(clientError)))
        .flux();
  }

  private synchronized boolean anyChunkSeen() {
    return anyChunk;
  }
}
