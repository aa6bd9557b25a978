package io.llmproxy.edge.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.providers.UpstreamException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** When a Gemini stream counts as complete, and what its failures become. */
class GeminiStreamTest {

  @Test
  void aStreamWithoutAnyCandidateIsTruncated() {
    GeminiStream stream = stream();
    stream.next(event("{\"usageMetadata\":{\"promptTokenCount\":3}}"));
    assertThatThrownBy(stream::end)
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.upstreamStatus()).isZero());
  }

  @Test
  void everyCandidateMustFinish() {
    GeminiStream stream = stream();
    stream.next(
        event(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":"
                + "\"STOP\"},{\"index\":1,\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}"));
    assertThatThrownBy(stream::end).isInstanceOf(UpstreamException.class);
  }

  @Test
  void aFinishedStreamWithoutUsageEndsWithoutAUsageChunk() {
    GeminiStream stream = stream();
    stream.next(
        event(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"STOP\"}]}"));
    assertThat(stream.end()).isEmpty();
  }

  @Test
  void aQuotaErrorMidStreamStaysARateLimit() {
    GeminiStream stream = stream();
    assertThatThrownBy(
            () ->
                stream.next(
                    event(
                        "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
                            + "\"status\":\"RESOURCE_EXHAUSTED\"}}")))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e ->
                assertThat(e.toClientError("gemini").status())
                    .isEqualTo(HttpStatus.TOO_MANY_REQUESTS));
  }

  @Test
  void contentAfterAFinishReasonIsIgnored() {
    GeminiStream stream = stream();
    stream.next(
        event(
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"STOP\"}]}"));
    assertThat(
            stream.next(
                event("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"late\"}]}}]}")))
        .isEmpty();
  }

  private static GeminiStream stream() {
    return new GeminiStream(
        GeminiFixtures.call(
            Operation.CHAT_COMPLETIONS,
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        GeminiFixtures.CLOCK,
        GeminiFixtures.sequentialIds());
  }

  private static ObjectNode event(String json) {
    return (ObjectNode) GeminiFixtures.parse(json);
  }
}
