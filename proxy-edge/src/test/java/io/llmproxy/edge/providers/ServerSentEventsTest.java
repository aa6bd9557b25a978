package io.llmproxy.edge.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.util.concurrent.Queues;

class ServerSentEventsTest {

  private static final int PREFETCH = Queues.SMALL_BUFFER_SIZE;

  @Test
  void eventsSplitAcrossReadsAreReassembled() {
    List<ServerSentEvents.Event> events = decode("data: {\"a\"", ":1}\n", "\ndata: [DO", "NE]\n\n");
    assertThat(events).containsExactly(event(null, "{\"a\":1}"), event(null, "[DONE]"));
  }

  @Test
  void crlfCommentsNamesAndMultiLineDataFollowTheFormat() {
    List<ServerSentEvents.Event> events =
        decode(
            ": keep-alive\r\n\r\n",
            "event: message_start\r\ndata: one\r\ndata:two\r\n\r\n",
            "id: 7\nretry: 10\n\n",
            "data: unterminated");
    assertThat(events).containsExactly(event("message_start", "one\ntwo"));
  }

  @Test
  void multiByteCharactersSplitBetweenReadsSurvive() {
    byte[] bytes = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
    Flux<byte[]> body = Flux.range(0, bytes.length).map(i -> new byte[] {bytes[i]});
    assertThat(ServerSentEvents.decode(body, UpstreamLimits.DEFAULTS).collectList().block())
        .containsExactly(event(null, "héllo ✓"));
  }

  @Test
  void aLineThatNeverEndsFailsAtItsLimitWhileItArrives() {
    // endless: only a limit checked as the bytes come can end it
    AtomicLong read = new AtomicLong();
    Flux<byte[]> body =
        Flux.concat(
            Flux.just(buffer("data: {\"a\":1}\n\n")),
            Flux.<byte[]>generate(sink -> sink.next(buffer("x".repeat(1000))))
                .doOnNext(b -> read.addAndGet(b.length)));
    List<ServerSentEvents.Event> events = new java.util.ArrayList<>();

    assertThatThrownBy(
            () ->
                decode(body, limits(10_000, 50_000, 1 << 30))
                    .doOnNext(events::add)
                    .blockLast(Duration.ofSeconds(30)))
        .isInstanceOf(AnswerTooLarge.class)
        .hasMessageContaining("a stream line over");
    assertThat(events).containsExactly(event(null, "{\"a\":1}"));
    // the 11th read would have taken the line over 10,000 bytes; the decoder asks for a queue's
    // worth of reads ahead (Reactor's default prefetch), never for more
    assertThat(read.get()).isBetween(11_000L, 11_000L + PREFETCH * 1_000L);
  }

  @Test
  void anEventOfManyLinesFailsAtItsLimit() {
    AtomicLong lines = new AtomicLong();
    Flux<byte[]> body =
        Flux.<byte[]>generate(sink -> sink.next(buffer("data: " + "y".repeat(94) + "\n")))
            .doOnNext(b -> lines.incrementAndGet());

    assertThatThrownBy(
            () -> decode(body, limits(1_000, 10_000, 1 << 30)).blockLast(Duration.ofSeconds(30)))
        .isInstanceOf(AnswerTooLarge.class)
        .hasMessageContaining("a stream event over");
    // 100 lines of 100 bytes fill the event; the 101st is one too many
    assertThat(lines.get()).isBetween(101L, 101L + PREFETCH);
  }

  @Test
  void aStreamThatNeverStopsFailsAtItsLimit() {
    AtomicLong events = new AtomicLong();
    Flux<byte[]> body = Flux.generate(sink -> sink.next(buffer("data: {}\n\n")));

    assertThatThrownBy(
            () ->
                decode(body, limits(1_000, 1_000, 100_000))
                    .doOnNext(e -> events.incrementAndGet())
                    .blockLast(Duration.ofSeconds(30)))
        .isInstanceOf(AnswerTooLarge.class)
        .hasMessageContaining("a stream over");
    assertThat(events.get()).isEqualTo(100_000 / 10);
  }

  @Test
  void linesAndEventsAtTheirLimitsPass() {
    String line = "data: " + "z".repeat(94);
    List<ServerSentEvents.Event> events =
        decode(Flux.just(buffer(line + "\n" + line + "\n\n")), limits(100, 200, 203))
            .collectList()
            .block();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).data()).hasSize(94 * 2 + 1);
  }

  private static UpstreamLimits limits(long line, long event, long stream) {
    return new UpstreamLimits(
        DataSize.ofMegabytes(1),
        DataSize.ofBytes(line),
        DataSize.ofBytes(event),
        DataSize.ofBytes(stream));
  }

  private static Flux<ServerSentEvents.Event> decode(Flux<byte[]> body, UpstreamLimits limits) {
    return ServerSentEvents.decode(body, limits);
  }

  private static ServerSentEvents.Event event(String name, String data) {
    return new ServerSentEvents.Event(name, data.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] buffer(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<ServerSentEvents.Event> decode(String... reads) {
    Flux<byte[]> body = Flux.fromArray(reads).map(ServerSentEventsTest::buffer);
    return ServerSentEvents.decode(body, UpstreamLimits.DEFAULTS).collectList().block();
  }
}
