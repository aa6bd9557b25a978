package io.llmproxy.edge.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;

class ServerSentEventsTest {

  @Test
  void eventsSplitAcrossReadsAreReassembled() {
    List<ServerSentEvents.Event> events = decode("data: {\"a\"", ":1}\n", "\ndata: [DO", "NE]\n\n");
    assertThat(events)
        .containsExactly(
            new ServerSentEvents.Event(null, "{\"a\":1}"),
            new ServerSentEvents.Event(null, "[DONE]"));
  }

  @Test
  void crlfCommentsNamesAndMultiLineDataFollowTheFormat() {
    List<ServerSentEvents.Event> events =
        decode(
            ": keep-alive\r\n\r\n",
            "event: message_start\r\ndata: one\r\ndata:two\r\n\r\n",
            "id: 7\nretry: 10\n\n",
            "data: unterminated");
    assertThat(events).containsExactly(new ServerSentEvents.Event("message_start", "one\ntwo"));
  }

  @Test
  void multiByteCharactersSplitBetweenReadsSurvive() {
    byte[] bytes = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
    Flux<DataBuffer> body =
        Flux.range(0, bytes.length)
            .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[] {bytes[i]}));
    assertThat(ServerSentEvents.decode(body).collectList().block())
        .containsExactly(new ServerSentEvents.Event(null, "héllo ✓"));
  }

  private static List<ServerSentEvents.Event> decode(String... reads) {
    Flux<DataBuffer> body =
        Flux.fromArray(reads)
            .map(
                read ->
                    DefaultDataBufferFactory.sharedInstance.wrap(
                        read.getBytes(StandardCharsets.UTF_8)));
    return ServerSentEvents.decode(body).collectList().block();
  }
}
