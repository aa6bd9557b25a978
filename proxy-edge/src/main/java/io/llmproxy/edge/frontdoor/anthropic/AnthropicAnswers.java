package io.llmproxy.edge.frontdoor.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.gateway.AnswerShape;
import io.llmproxy.edge.gateway.StreamEncoding;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.kernel.usage.TokenUsage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Anthropic's shape for answers that come back from any provider in OpenAI's: a Messages object, or
 * the Messages event stream, always naming the model the client asked for.
 */
final class AnthropicAnswers implements AnswerShape {

  private final ObjectMapper json;
  private final MessagesResponses responses;
  private final String model;
  private final long estimatedInputTokens;

  AnthropicAnswers(
      ObjectMapper json, MessagesResponses responses, String model, long estimatedInputTokens) {
    this.json = json;
    this.responses = responses;
    this.model = model;
    this.estimatedInputTokens = estimatedInputTokens;
  }

  @Override
  public byte[] whole(ProviderResponse answer) {
    try {
      JsonNode completion = json.readTree(answer.body());
      return json.writeValueAsBytes(responses.toMessage(completion, answer.usage(), model));
    } catch (IOException e) {
      throw new IllegalStateException("an adapter's answer was not JSON", e);
    }
  }

  @Override
  public StreamEncoding stream() {
    MessagesStreamWriter writer = new MessagesStreamWriter(json, model, estimatedInputTokens);
    return new StreamEncoding() {
      @Override
      public List<byte[]> chunk(StreamChunk chunk) {
        return bytes(writer.accept(chunk));
      }

      @Override
      public List<byte[]> completed(TokenUsage usage) {
        return bytes(writer.finish(usage));
      }

      @Override
      public byte[] failed(ApiException error) {
        return writer.error(error).getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static List<byte[]> bytes(List<String> events) {
    return events.stream().map(event -> event.getBytes(StandardCharsets.UTF_8)).toList();
  }
}
