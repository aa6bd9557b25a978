package io.llmproxy.edge.frontdoor.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
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
  private static final byte[] FRAME_START = "data: ".getBytes(StandardCharsets.UTF_8);
  private static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.UTF_8);

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
        if (chunk.carriesUsage() && !clientWantsUsage) {
          if (!chunk.hasChoices()) {
            return List.of();
          }
          // usage riding on a content chunk: keep the content, drop what the client did not ask
          ObjectNode withoutUsage = chunk.json().deepCopy();
          withoutUsage.remove("usage");
          return List.of(frame(write(withoutUsage)));
        }
        return List.of(frame(chunk.data()));
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

  private byte[] write(Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      return "{\"error\":{\"message\":\"internal error\",\"type\":\"api_error\"}}"
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private static byte[] frame(byte[] data) {
    byte[] frame = new byte[FRAME_START.length + data.length + FRAME_END.length];
    System.arraycopy(FRAME_START, 0, frame, 0, FRAME_START.length);
    System.arraycopy(data, 0, frame, FRAME_START.length, data.length);
    System.arraycopy(FRAME_END, 0, frame, FRAME_START.length + data.length, FRAME_END.length);
    return frame;
  }
}
