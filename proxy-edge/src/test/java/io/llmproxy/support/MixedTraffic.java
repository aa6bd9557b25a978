package io.llmproxy.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fires many chat requests of every kind the ledger must account for, a bounded number at a time:
 * whole and streamed answers, upstream failures before and during a stream, streams the client
 * abandons, requests that fail over to a second deployment after a failed attempt, cached prompts,
 * and models without a price. Needs a node with these aliases: {@code gpt} (an {@link
 * OpenAiUpstreamStub} model with a price), {@code retry} (a dead deployment, then a working one,
 * with retries), {@code claude} (an {@link AnthropicUpstreamStub} model with a price) and {@code
 * local} (a stub model without a price).
 */
public final class MixedTraffic {

  /** One kind of request: the alias, the text steering the stubs, streamed or not. */
  enum Kind {
    WHOLE("gpt", "hello", false),
    STREAMED("gpt", "hello", true),
    FAILED_OVER("retry", "hello", false),
    FAILED_OVER_STREAMED("retry", "hello", true),
    UPSTREAM_FAILURE("gpt", "fail-500", false),
    BROKEN_STREAM("gpt", "drop-after-2", true),
    CLIENT_CANCELLED("gpt", "stall-after-2", true),
    CACHED_PROMPT("claude", "cache-hit", false),
    UNPRICED("local", "hello", false),
    UNPRICED_STREAMED("local", "hello", true);

    final String alias;
    final String text;
    final boolean streamed;

    Kind(String alias, String text, boolean streamed) {
      this.alias = alias;
      this.text = text;
      this.streamed = streamed;
    }
  }

  private final WebClient client;

  public MixedTraffic(ProxyNode node) {
    this.client = WebClient.create(node.baseUrl());
  }

  /**
   * Sends {@code count} requests spread over the kinds and {@code keys}; returns when all ended.
   */
  public void send(int count, List<String> keys, int concurrency) {
    Kind[] kinds = Kind.values();
    Flux.range(0, count)
        .flatMap(
            i -> send(kinds[i % kinds.length], keys.get((i / kinds.length) % keys.size())),
            concurrency)
        .blockLast(Duration.ofMinutes(5));
  }

  private Mono<Void> send(Kind kind, String key) {
    Map<String, Object> body =
        kind.streamed
            ? Map.of(
                "model",
                kind.alias,
                "stream",
                true,
                "stream_options",
                Map.of("include_usage", true),
                "messages",
                List.of(Map.of("role", "user", "content", kind.text)))
            : Map.of(
                "model",
                kind.alias,
                "messages",
                List.of(Map.of("role", "user", "content", kind.text)));
    var request =
        client
            .post()
            .uri("/v1/chat/completions")
            .header("Authorization", "Bearer " + key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body);
    if (kind == Kind.CLIENT_CANCELLED) {
      // two frames, then the client goes away while the upstream is still streaming
      return request.retrieve().bodyToFlux(String.class).take(2).then();
    }
    return request.exchangeToMono(response -> response.bodyToFlux(String.class).then());
  }
}
