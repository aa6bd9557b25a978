package io.llmproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stopping a node under load: requests in flight when the stop begins (streams mid-way, whole
 * answers waiting for a slow provider) finish and are in the ledger exactly once; requests that
 * come later are refused cleanly (connection refused or closed, or a 503), never answered in part.
 * Every request takes more than 4 s, longer than the 3 s Reactor Netty gives connections when the
 * server is stopped without a graceful phase, so only the graceful shutdown lets them finish.
 */
@EndToEnd
class GracefulShutdownTest {

  private static final int REQUESTS = 60;
  private static final Duration SPACING = Duration.ofMillis(40);
  private static final Duration STOP_AFTER = Duration.ofMillis(1200);

  @TempDir Path dataDir;

  private enum Result {
    COMPLETE,
    REFUSED,
    PARTIAL
  }

  private record Outcome(int index, boolean streamed, Result result, String requestId) {}

  @Test
  void inFlightRequestsFinishAndEveryCompleteAnswerIsInTheLedgerOnce() throws IOException {
    String key;
    List<Outcome> outcomes;
    try (OpenAiUpstreamStub upstream = new OpenAiUpstreamStub()) {
      Map<String, Object> settings =
          Map.of(
              "llmproxy.providers.stub.kind", "openai-compatible",
              "llmproxy.providers.stub.base-url", upstream.baseUrl(),
              "llmproxy.providers.slow.kind", "mock",
              "llmproxy.providers.slow.latency", "4s",
              // longer than any request here: in-flight work must finish, not be cut off
              "spring.lifecycle.timeout-per-shutdown-phase", "20s");
      ProxyNode node = ProxyNode.start(dataDir, settings);
      String admin = node.login();
      node.route(admin, "whole", "slow", "mock-1");
      node.route(admin, "streamed", "stub", "gpt-4o-mini");
      key = node.issueKey(admin, "under-load", List.of("*"));

      WebClient client = WebClient.create(node.baseUrl());
      CompletableFuture<Void> stopped =
          CompletableFuture.runAsync(
              () -> {
                sleep(STOP_AFTER);
                node.close();
              });
      outcomes =
          Flux.range(0, REQUESTS)
              .delayElements(SPACING)
              .flatMap(i -> send(client, key, i), REQUESTS)
              .collectList()
              .block(Duration.ofSeconds(60));
      stopped.join();
    }

    Map<Result, Long> counts =
        outcomes.stream().collect(Collectors.groupingBy(Outcome::result, Collectors.counting()));
    System.out.println("graceful shutdown under load: " + counts);
    assertThat(counts.getOrDefault(Result.PARTIAL, 0L)).isZero();
    assertThat(counts.getOrDefault(Result.COMPLETE, 0L)).isPositive();
    assertThat(counts.getOrDefault(Result.REFUSED, 0L)).isPositive();
    assertThat(outcomes.stream().filter(o -> o.result() == Result.COMPLETE))
        .anyMatch(Outcome::streamed)
        .anyMatch(o -> !o.streamed());
    // nothing is answered after a refusal began: the stop drew one line through the traffic
    int lastComplete =
        outcomes.stream()
            .filter(o -> o.result() == Result.COMPLETE)
            .mapToInt(Outcome::index)
            .max()
            .orElseThrow();
    int firstRefused =
        outcomes.stream()
            .filter(o -> o.result() == Result.REFUSED)
            .mapToInt(Outcome::index)
            .min()
            .orElseThrow();
    assertThat(lastComplete).isLessThan(firstRefused + 2);

    try (ProxyNode again = ProxyNode.start(dataDir, Map.of())) {
      List<UsageRecorded> ledger = again.ledger(ProxyNode.keyId(key));
      Map<String, Long> entriesPerRequest =
          ledger.stream()
              .collect(Collectors.groupingBy(UsageRecorded::requestId, Collectors.counting()));
      assertThat(entriesPerRequest.values()).allMatch(n -> n == 1);
      Map<String, UsageRecorded> byRequest =
          ledger.stream().collect(Collectors.toMap(UsageRecorded::requestId, Function.identity()));
      for (Outcome complete : outcomes) {
        if (complete.result() == Result.COMPLETE) {
          assertThat(byRequest.get(complete.requestId()))
              .as("ledger entry of complete request %d", complete.index())
              .isNotNull()
              .extracting(UsageRecorded::outcome)
              .isEqualTo(UsageOutcome.SUCCESS);
        }
      }
      // the projections stopped cleanly and resume where they were: every entry is counted once
      String viewer = again.login();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          again
                              .http()
                              .get()
                              .uri("/api/usage/summary")
                              .header("Authorization", "Bearer " + viewer)
                              .exchange()
                              .expectBody(JsonNode.class)
                              .returnResult()
                              .getResponseBody()
                              .path("totals")
                              .path("requests")
                              .asLong())
                      .isEqualTo(ledger.size()));
    }
  }

  private static Mono<Outcome> send(WebClient client, String key, int index) {
    boolean streamed = index % 2 == 0;
    Map<String, Object> body =
        streamed
            ? Map.of(
                "model",
                "streamed",
                "stream",
                true,
                "stream_options",
                Map.of("include_usage", true),
                "messages",
                List.of(Map.of("role", "user", "content", "drip-900 request " + index)))
            : Map.of(
                "model",
                "whole",
                "messages",
                List.of(Map.of("role", "user", "content", "request " + index)));
    return client
        .post()
        .uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchangeToMono(response -> classify(index, streamed, response))
        .onErrorResume(failure -> Mono.just(new Outcome(index, streamed, Result.REFUSED, null)));
  }

  private static Mono<Outcome> classify(int index, boolean streamed, ClientResponse response) {
    String requestId = response.headers().asHttpHeaders().getFirst("x-request-id");
    int status = response.statusCode().value();
    return response
        .bodyToMono(String.class)
        .defaultIfEmpty("")
        .map(
            text -> {
              if (status == 503) {
                return new Outcome(index, streamed, Result.REFUSED, requestId);
              }
              boolean complete =
                  status == 200
                      && (streamed
                          ? text.strip().endsWith("data: [DONE]")
                          : text.contains("\"choices\"") && text.strip().endsWith("}"));
              return new Outcome(
                  index, streamed, complete ? Result.COMPLETE : Result.PARTIAL, requestId);
            })
        // the connection closed under a started answer: the client holds a part of one
        .onErrorResume(
            failure ->
                Mono.just(
                    new Outcome(
                        index,
                        streamed,
                        Objects.equals(status, 200) ? Result.PARTIAL : Result.REFUSED,
                        requestId)));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
