package io.llmproxy.app.reliability;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The short version of {@code bench/streams.sh}: many slow streams at once through the proxy all
 * complete with {@code [DONE]} and each leaves one ledger entry. Functional only: no timing is
 * asserted (the figures of 1,000 streams are in docs/reliability.md, "Memory under 1,000 concurrent
 * streams").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class ConcurrentStreamsTest {

  private static final int STREAMS = 100;
  private static final int NARROW_CONNECTIONS = 10;
  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  @TempDir static Path dataDir;

  private OpenAiUpstreamStub upstream;
  private OpenAiUpstreamStub narrowUpstream;
  private ProxyNode node;
  private ConnectionProvider pool;
  private String admin;

  @BeforeAll
  void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    narrowUpstream = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind",
                "openai-compatible",
                "llmproxy.providers.upstream.base-url",
                upstream.baseUrl(),
                "llmproxy.providers.narrow.kind",
                "openai-compatible",
                "llmproxy.providers.narrow.base-url",
                narrowUpstream.baseUrl(),
                "llmproxy.providers.narrow.max-connections",
                NARROW_CONNECTIONS));
    admin = node.login();
    node.route(admin, "gpt", "upstream", "gpt-4o-mini");
    node.route(admin, "gpt-narrow", "narrow", "gpt-4o-mini");
    // the client needs as many connections as streams (Reactor's shared pool has 16)
    pool = ConnectionProvider.builder("concurrent-streams").maxConnections(STREAMS).build();
  }

  @AfterAll
  void stop() {
    pool.dispose();
    node.close();
    upstream.close();
    narrowUpstream.close();
  }

  @Test
  void aHundredSlowStreamsAtOnceAllCompleteAndAreAllRecorded() {
    String key = node.issueKey(admin, "concurrent-streams", List.of("gpt"));

    List<List<String>> streams = streamAtOnce(key, "gpt", STREAMS);

    assertEveryStreamDone(streams, STREAMS);
    assertEveryStreamRecorded(key, STREAMS);
  }

  @Test
  void streamsBeyondTheProvidersConnectionLimitWaitForAConnectionAndComplete() {
    String key = node.issueKey(admin, "narrow-streams", List.of("gpt-narrow"));
    int streams = 4 * NARROW_CONNECTIONS;

    List<List<String>> answers = streamAtOnce(key, "gpt-narrow", streams);

    assertEveryStreamDone(answers, streams);
    // never over the limit; near it, since all 40 arrive at once and each stream lasts ~0.6 s
    assertThat(narrowUpstream.mostOpenStreams())
        .isBetween(NARROW_CONNECTIONS / 2, NARROW_CONNECTIONS);
    assertEveryStreamRecorded(key, streams);
  }

  private List<List<String>> streamAtOnce(String key, String alias, int count) {
    WebClient client =
        WebClient.builder()
            .baseUrl(node.baseUrl())
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
            .build();
    String body =
        "{\"model\":\""
            + alias
            + "\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"drip-200 tell me\"}]}";
    return Flux.range(0, count)
        .flatMap(
            i ->
                client
                    .post()
                    .uri("/v1/chat/completions")
                    .header("Authorization", "Bearer " + key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .bodyValue(body)
                    .retrieve()
                    .bodyToFlux(SSE)
                    .mapNotNull(ServerSentEvent::data)
                    .collectList(),
            count)
        .collectList()
        .block(Duration.ofMinutes(2));
  }

  private static void assertEveryStreamDone(List<List<String>> streams, int count) {
    assertThat(streams).hasSize(count);
    for (List<String> frames : streams) {
      assertThat(frames).isNotEmpty();
      assertThat(frames.get(frames.size() - 1)).isEqualTo("[DONE]");
    }
  }

  private void assertEveryStreamRecorded(String key, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(node.ledger(keyId(key))).hasSize(count));
    assertThat(node.ledger(keyId(key)))
        .extracting(UsageRecorded::outcome)
        .containsOnly(UsageOutcome.SUCCESS);
  }
}
