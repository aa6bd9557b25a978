package io.llmproxy.edge.frontdoor.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.EndToEnd;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;

/**
 * The official Anthropic Java SDK against {@code /v1/messages}, routed to an OpenAI-shaped and to
 * an Anthropic upstream: answers, streams, errors in Anthropic's shape, and usage in the ledger.
 */
@EndToEnd
class MessagesFrontDoorSdkTest {

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub openAi;
  private static AnthropicUpstreamStub anthropic;
  private static ProxyNode node;
  private static String key;
  private static AnthropicClient client;

  @BeforeAll
  static void start() throws IOException {
    openAi = new OpenAiUpstreamStub();
    anthropic = new AnthropicUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.openai.kind",
                "openai-compatible",
                "llmproxy.providers.openai.base-url",
                openAi.baseUrl(),
                "llmproxy.providers.claude.kind",
                "anthropic",
                "llmproxy.providers.claude.base-url",
                anthropic.baseUrl(),
                "llmproxy.providers.claude.api-key",
                AnthropicUpstreamStub.API_KEY));
    String admin = node.login();
    node.route(admin, "via-openai", "openai", "gpt-4o-mini");
    node.route(admin, "via-claude", "claude", "claude-sonnet-4-5");
    key = node.issueKey(admin, "anthropic-sdk", List.of("via-openai", "via-claude"));
    // the SDK's own retries would hide which error the proxy answered
    client =
        AnthropicOkHttpClient.builder().baseUrl(node.baseUrl()).apiKey(key).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
    openAi.close();
    anthropic.close();
  }

  @Test
  void aMessageRoutedToAnOpenAiUpstreamComesBackInAnthropicsShape() {
    Message message = client.messages().create(params("via-openai", "hi"));
    assertThat(message.model().asString()).isEqualTo("via-openai");
    assertThat(text(message)).isEqualTo(OpenAiUpstreamStub.ANSWER);
    assertThat(message.stopReason()).contains(StopReason.END_TURN);
    assertThat(message.usage().inputTokens()).isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS);
    assertThat(message.usage().outputTokens()).isEqualTo(OpenAiUpstreamStub.COMPLETION_TOKENS);
    UsageRecorded entry = lastEntry();
    assertThat(entry.alias()).isEqualTo("via-openai");
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.usage().promptTokens()).isEqualTo(OpenAiUpstreamStub.PROMPT_TOKENS);
  }

  @Test
  void aMessageToAnAnthropicUpstreamKeepsItsCacheFigures() {
    Message message = client.messages().create(params("via-claude", "cache-hit please"));
    assertThat(text(message)).isEqualTo(AnthropicUpstreamStub.ANSWER);
    assertThat(message.usage().inputTokens()).isEqualTo(AnthropicUpstreamStub.INPUT_TOKENS);
    assertThat(message.usage().cacheReadInputTokens()).contains(AnthropicUpstreamStub.CACHE_READ);
    assertThat(message.usage().cacheCreationInputTokens())
        .contains(AnthropicUpstreamStub.CACHE_WRITE);
    UsageRecorded entry = lastEntry();
    assertThat(entry.usage().cachedTokens()).isEqualTo(AnthropicUpstreamStub.CACHE_READ);
    assertThat(entry.usage().cacheWriteTokens()).isEqualTo(AnthropicUpstreamStub.CACHE_WRITE);
    assertThat(entry.usage().promptTokens())
        .isEqualTo(
            AnthropicUpstreamStub.INPUT_TOKENS
                + AnthropicUpstreamStub.CACHE_READ
                + AnthropicUpstreamStub.CACHE_WRITE);
  }

  @Test
  void aStreamIsAnthropicsEventSequenceAndEndsAfterTheLedgerEntry() {
    for (String alias : List.of("via-openai", "via-claude")) {
      MessageAccumulator accumulator = MessageAccumulator.create();
      List<String> types;
      try (StreamResponse<RawMessageStreamEvent> stream =
          client.messages().createStreaming(params(alias, "stream it"))) {
        types =
            stream.stream()
                .peek(accumulator::accumulate)
                .map(event -> event.isMessageStart() ? "message_start" : eventName(event))
                .collect(Collectors.toList());
      }
      Message message = accumulator.message();
      assertThat(types.get(0)).isEqualTo("message_start");
      assertThat(types.get(types.size() - 1)).isEqualTo("message_stop");
      assertThat(text(message)).isNotBlank();
      assertThat(message.usage().outputTokens()).isPositive();
      UsageRecorded entry = lastEntry();
      assertThat(entry.alias()).isEqualTo(alias);
      assertThat(entry.streamed()).isTrue();
      assertThat(entry.usage().completionTokens()).isEqualTo(message.usage().outputTokens());
    }
  }

  @Test
  void errorsAreAnthropicsExceptionsAndShape() {
    AnthropicClient wrongKey =
        AnthropicOkHttpClient.builder()
            .baseUrl(node.baseUrl())
            .apiKey("sk-llmp-aaaaaaaaaaaa-" + "b".repeat(32))
            .maxRetries(0)
            .build();
    assertThatThrownBy(() -> wrongKey.messages().create(params("via-openai", "hi")))
        .isInstanceOf(UnauthorizedException.class);
    wrongKey.close();
    assertThatThrownBy(() -> client.messages().create(params("no-such-alias", "hi")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.messages().create(params("via-claude", "fail-400")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(AnthropicUpstreamStub.BAD_REQUEST_MESSAGE);
    assertThatThrownBy(() -> client.messages().create(params("via-claude", "fail-429")))
        .isInstanceOf(RateLimitException.class);

    node.http()
        .post()
        .uri("/v1/messages")
        .header("x-api-key", key)
        .header("anthropic-version", "2023-06-01")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "model",
                "via-openai",
                "messages",
                List.of(Map.of("role", "user", "content", "hi"))))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("error")
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .value(m -> assertThat((String) m).contains("max_tokens"));
    node.http()
        .post()
        .uri("/v1/messages")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("authentication_error");
  }

  private static MessageCreateParams params(String model, String text) {
    return MessageCreateParams.builder().model(model).maxTokens(256).addUserMessage(text).build();
  }

  private static String text(Message message) {
    return message.content().stream()
        .map(ContentBlock::text)
        .flatMap(Optional::stream)
        .map(block -> block.text())
        .collect(Collectors.joining());
  }

  private static String eventName(RawMessageStreamEvent event) {
    if (event.isContentBlockStart()) {
      return "content_block_start";
    }
    if (event.isContentBlockDelta()) {
      return "content_block_delta";
    }
    if (event.isContentBlockStop()) {
      return "content_block_stop";
    }
    if (event.isMessageDelta()) {
      return "message_delta";
    }
    return "message_stop";
  }

  private static UsageRecorded lastEntry() {
    List<UsageRecorded> ledger = node.ledger(ProxyNode.keyId(key));
    return ledger.get(ledger.size() - 1);
  }
}
