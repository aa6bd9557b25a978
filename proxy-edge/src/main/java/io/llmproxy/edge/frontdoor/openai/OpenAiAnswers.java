package io.llmproxy.edge.frontdoor.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.errors.ApiErrorBody;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.gateway.AnswerShape;
import io.llmproxy.edge.gateway.StreamEncoding;
import io.llmproxy.edge.providers.ProviderResponse;
import io.llmproxy.edge.providers.StreamChunk;
import io.llmproxy.kernel.usage.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OpenAI's own shape: answers relayed as the provider's bytes, streams as {@code data:} frames
 * ending in {@code [DONE]}. Usage is always requested from providers; a client that did not ask for
 * it ({@code stream_options.include_usage}) does not see it.
 */
final class OpenAiAnswers implements AnswerShape {

  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final ObjectMapper json;
  private final boolean clientWantsUsage;

  OpenAiAnswers(ObjectMapper json, ObjectNode request) {
    this.json = json;
    this.clientWantsUsage = OpenAiRequests.usageRequested(request);
  }

  @Override
  public byte[] whole(ProviderResponse answer) {
    return answer.body();
  }

  @Override
  public StreamEncoding stream() {
    return new StreamEncoding() {
      @Override
      public List<byte[]> chunk(StreamChunk chunk) {
        String data = chunk.data();
        if (chunk.json().path("usage").isObject() && !clientWantsUsage) {
          JsonNode choices = chunk.json().path("choices");
          if (!choices.isArray() || choices.isEmpty()) {
            return List.of();
          }
          // usage riding on a content chunk: keep the content, drop what the client did not ask
          ObjectNode withoutUsage = chunk.json().deepCopy();
          withoutUsage.remove("usage");
          data = write(withoutUsage);
        }
        return List.of(frame(data));
      }

      @Override
      public List<byte[]> completed(TokenUsage usage) {
        return List.of(DONE);
      }

      @Override
      public byte[] failed(ApiException error) {
        return frame(write(ApiErrorBody.of(error)));
      }
    };
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return "{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\"}}";
    }
  }

  private static byte[] frame(String data) {
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
