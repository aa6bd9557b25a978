package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.providers.ProviderKind;
import io.llmproxy.edge.providers.ProviderSettings;
import io.llmproxy.edge.providers.UpstreamLimits;
import io.llmproxy.edge.providers.UsageEstimator;
import io.llmproxy.edge.providers.openai.OpenAiCompatibleAdapter;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Azure OpenAI: deployment URLs, the api-version parameter and the api-key header. */
@EndToEnd
class AzureOpenAiTest {

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub azure;
  private static ProxyNode node;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    azure = new OpenAiUpstreamStub();
    String resource = azure.baseUrl().replaceAll("/v1$", "") + "/openai";
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.azure.kind", "azure-openai",
                "llmproxy.providers.azure.base-url", resource,
                "llmproxy.providers.azure.api-key", "azure-secret",
                "llmproxy.providers.azure.api-version", "2024-10-21"));
    String admin = node.login();
    node.route(admin, "az", "azure", "my-gpt4o");
    key = node.issueKey(admin, "azure", List.of("*"));
  }

  @AfterAll
  static void stop() {
    node.close();
    azure.close();
  }

  @Test
  void aChatGoesToTheDeploymentUrlWithTheApiKeyHeader() {
    node.chat(key, "az", "hi")
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.choices[0].message.content")
        .isEqualTo(OpenAiUpstreamStub.ANSWER);
    OpenAiUpstreamStub.Received received = azure.received().get(azure.received().size() - 1);
    assertThat(received.path())
        .isEqualTo("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21");
    assertThat(received.authorization()).isEqualTo("api-key azure-secret");
    UsageRecorded entry = node.ledger(ProxyNode.keyId(key)).get(0);
    assertThat(entry.provider()).isEqualTo("azure");
    assertThat(entry.upstreamModel()).isEqualTo("my-gpt4o");
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.usage().promptTokens()).isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS);
  }

  @Test
  void streamsAndEmbeddingsUseTheirOwnDeploymentPaths() {
    String stream =
        String.join(
            "",
            node.chat(
                    key,
                    Map.of(
                        "model",
                        "az",
                        "stream",
                        true,
                        "messages",
                        List.of(Map.of("role", "user", "content", "hi"))))
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody()
                .collectList()
                .block(Duration.ofSeconds(10)));
    assertThat(stream).contains("[DONE]");
    node.http()
        .post()
        .uri("/v1/embeddings")
        .header("Authorization", "Bearer " + key)
        .bodyValue(Map.of("model", "az", "input", "hello"))
        .exchange()
        .expectStatus()
        .isOk();
    assertThat(azure.received())
        .extracting(OpenAiUpstreamStub.Received::path)
        .contains(
            "/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21",
            "/openai/deployments/my-gpt4o/embeddings?api-version=2024-10-21");
  }

  @Test
  void anAzureProviderWithoutApiVersionIsAConfigurationError() {
    var settings =
        new ProviderSettings.Provider(
            ProviderKind.AZURE_OPENAI,
            URI.create("https://example.openai.azure.com/openai"),
            "k",
            Duration.ofSeconds(5),
            Duration.ZERO,
            null,
            ProviderSettings.Provider.DEFAULT_MAX_CONNECTIONS);
    assertThatThrownBy(
            () ->
                OpenAiCompatibleAdapter.azure(
                    "broken",
                    settings,
                    new ObjectMapper(),
                    node.bean(UsageEstimator.class),
                    UpstreamLimits.DEFAULTS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("api-version");
  }
}
