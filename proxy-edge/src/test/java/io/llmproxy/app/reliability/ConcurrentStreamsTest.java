package io.llmproxy.app.reliability;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
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
 * asserted (the figures of 1,000 streams are in BENCHMARKS.md, "Memory under 1,000 concurrent
 * streams").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentStreamsTest {

  private static final int STREAMS = 100;
  private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE =
      new ParameterizedTypeReference<>() {};

  @TempDir static Path dataDir;

  private OpenAiUpstreamStub upstream;
  private ProxyNode node;
  private ConnectionProvider pool;
  private String admin;

  @BeforeAll
  void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind",
                "openai-compatible",
                "llmproxy.providers.upstream.base-url",
                upstream.baseUrl()));
    admin = node.login();
    node.route(admin, "gpt", "upstream", "gpt-4o-mini");
    // the client needs as many connections as streams (Reactor's shared pool has 16)
    pool = ConnectionProvider.builder("concurrent-streams").maxConnections(STREAMS).build();
  }

  @AfterAll
  void stop() {
    pool.dispose();
    node.close();
    upstream.close();
  }

  @Test
  void aHundredSlowStreamsAtOnceAllCompleteAndAreAllRecorded() {
    String key = node.issueKey(admin, "concurrent-streams", List.of("gpt"));
    WebClient client =
        WebClient.builder()
            .baseUrl(node.baseUrl())
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
            .build();
    String body =
        "{\"model\":\"gpt\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"drip-200 tell me\"}]}";

    List<List<String>> streams =
        Flux.range(0, STREAMS)
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
                STREAMS)
            .collectList()
            .block(Duration.ofMinutes(2));

    assertThat(streams).hasSize(STREAMS);
    for (List<String> frames : streams) {
      assertThat(frames).isNotEmpty();
      assertThat(frames.get(frames.size() - 1)).isEqualTo("[DONE]");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(node.ledger(keyId(key))).hasSize(STREAMS));
    assertThat(node.ledger(keyId(key)))
        .extracting(UsageRecorded::outcome)
        .containsOnly(UsageOutcome.SUCCESS);
  }
}
