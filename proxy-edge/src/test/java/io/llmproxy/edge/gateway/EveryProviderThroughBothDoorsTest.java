package io.llmproxy.edge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.GeminiUpstreamStub;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One alias table, every provider kind, both front doors: the official OpenAI SDK and the official
 * Anthropic SDK each reach each kind, whole and streamed, and each answer lands in the ledger under
 * the provider that served it.
 */
@EndToEnd
class EveryProviderThroughBothDoorsTest {

  private static final String GEMINI_KEY = "AIza-test-key-for-the-stub";

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub openAi;
  private static OpenAiUpstreamStub azure;
  private static AnthropicUpstreamStub anthropic;
  private static GeminiUpstreamStub gemini;
  private static ProxyNode node;
  private static String key;
  private static OpenAIClient openAiClient;
  private static AnthropicClient anthropicClient;

  @BeforeAll
  static void start() throws IOException {
    openAi = new OpenAiUpstreamStub();
    azure = new OpenAiUpstreamStub();
    anthropic = new AnthropicUpstreamStub();
    gemini = new GeminiUpstreamStub(GEMINI_KEY);
    node =
        ProxyNode.start(
            dataDir,
            Map.ofEntries(
                Map.entry("llmproxy.providers.openai.kind", "openai-compatible"),
                Map.entry("llmproxy.providers.openai.base-url", openAi.baseUrl()),
                Map.entry("llmproxy.providers.azure.kind", "azure-openai"),
                Map.entry(
                    "llmproxy.providers.azure.base-url",
                    azure.baseUrl().replaceAll("/v1$", "") + "/openai"),
                Map.entry("llmproxy.providers.azure.api-version", "2024-10-21"),
                Map.entry("llmproxy.providers.azure.api-key", "azure-key"),
                Map.entry("llmproxy.providers.claude.kind", "anthropic"),
                Map.entry("llmproxy.providers.claude.base-url", anthropic.baseUrl()),
                Map.entry("llmproxy.providers.claude.api-key", AnthropicUpstreamStub.API_KEY),
                Map.entry("llmproxy.providers.gemini.kind", "gemini"),
                Map.entry("llmproxy.providers.gemini.base-url", gemini.baseUrl()),
                Map.entry("llmproxy.providers.gemini.api-key", GEMINI_KEY)));
    String admin = node.login();
    node.route(admin, "to-mock", "mock", "mock-1");
    node.route(admin, "to-openai", "openai", "gpt-4o-mini");
    node.route(admin, "to-azure", "azure", "gpt4o-deployment");
    node.route(admin, "to-claude", "claude", "claude-sonnet-4-5");
    node.route(admin, "to-gemini", "gemini", "gemini-2.5-flash");
    key = node.issueKey(admin, "both-doors", List.of("*"));
    openAiClient =
        OpenAIOkHttpClient.builder()
            .baseUrl(node.baseUrl() + "/v1")
            .apiKey(key)
            .maxRetries(0)
            .build();
    anthropicClient =
        AnthropicOkHttpClient.builder().baseUrl(node.baseUrl()).apiKey(key).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    openAiClient.close();
    anthropicClient.close();
    node.close();
    openAi.close();
    azure.close();
    anthropic.close();
    gemini.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mock", "openai", "azure", "claude", "gemini"})
  void theOpenAiSdkReachesEveryKind(String provider) {
    String alias = "to-" + provider;
    ChatCompletion answer = openAiClient.chat().completions().create(openAiParams(alias));
    assertThat(answer.choices().get(0).message().content())
        .hasValueSatisfying(text -> assertThat(text).isNotBlank());
    assertServedBy(provider, alias, false);

    String streamed;
    try (var stream = openAiClient.chat().completions().createStreaming(openAiParams(alias))) {
      streamed =
          stream.stream()
              .map(ChatCompletionChunk::choices)
              .flatMap(List::stream)
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining());
    }
    assertThat(streamed).isNotBlank();
    assertServedBy(provider, alias, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mock", "openai", "azure", "claude", "gemini"})
  void theAnthropicSdkReachesEveryKind(String provider) {
    String alias = "to-" + provider;
    Message message = anthropicClient.messages().create(anthropicParams(alias));
    assertThat(text(message)).isNotBlank();
    assertThat(message.usage().outputTokens()).isPositive();
    assertServedBy(provider, alias, false);

    MessageAccumulator accumulator = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> stream =
        anthropicClient.messages().createStreaming(anthropicParams(alias))) {
      stream.stream().forEach(accumulator::accumulate);
    }
    assertThat(text(accumulator.message())).isNotBlank();
    assertServedBy(provider, alias, true);
  }

  private static void assertServedBy(String provider, String alias, boolean streamed) {
    List<UsageRecorded> ledger = node.ledger(ProxyNode.keyId(key));
    UsageRecorded last = ledger.get(ledger.size() - 1);
    assertThat(last.provider()).isEqualTo(provider);
    assertThat(last.alias()).isEqualTo(alias);
    assertThat(last.streamed()).isEqualTo(streamed);
    assertThat(last.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(last.usage().completionTokens()).isPositive();
  }

  private static ChatCompletionCreateParams openAiParams(String alias) {
    return ChatCompletionCreateParams.builder().model(alias).addUserMessage("Hello").build();
  }

  private static MessageCreateParams anthropicParams(String alias) {
    return MessageCreateParams.builder()
        .model(alias)
        .maxTokens(128)
        .addUserMessage("Hello")
        .build();
  }

  private static String text(Message message) {
    return message.content().stream()
        .map(ContentBlock::text)
        .flatMap(Optional::stream)
        .map(block -> block.text())
        .collect(Collectors.joining());
  }
}
