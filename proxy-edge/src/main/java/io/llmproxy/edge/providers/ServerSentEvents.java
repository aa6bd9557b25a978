package io.llmproxy.edge.providers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Splits a provider's {@code text/event-stream} body into events as the bytes arrive, following the
 * SSE format: LF or CRLF line ends, {@code data:} lines joined by LF, {@code event:} names, {@code
 * :} comments ignored, an event dispatched at each blank line, and an unterminated last event
 * dropped. Cheaper than a general line decoder because it only looks for what relaying needs.
 *
 * <p>Bounded by the {@link UpstreamLimits}: a line, an event's data or the whole stream that would
 * grow past its limit fails the stream with {@link AnswerTooLarge} before the bytes over it are
 * kept, so a line that never ends holds at most {@code max-stream-line} bytes.
 */
public final class ServerSentEvents {

  /** One dispatched event; {@code event} is null when the stream named none. */
  public record Event(String event, String data) {}

  private final UpstreamLimits limits;
  private final long maxLine;
  private final long maxEvent;
  private final long maxStream;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventName;
  private long eventBytes;
  private long streamBytes;

  private ServerSentEvents(UpstreamLimits limits) {
    this.limits = limits;
    this.maxLine = limits.maxStreamLine().toBytes();
    this.maxEvent = limits.maxStreamEvent().toBytes();
    this.maxStream = limits.maxStreamSize().toBytes();
  }

  public static Flux<Event> decode(Flux<byte[]> body, UpstreamLimits limits) {
    return Flux.defer(
        () -> {
          ServerSentEvents parser = new ServerSentEvents(limits);
          return body.concatMapIterable(parser::feed);
        });
  }

  private List<Event> feed(byte[] bytes) {
    streamBytes += bytes.length;
    if (streamBytes > maxStream) {
      throw AnswerTooLarge.stream(limits.maxStreamSize());
    }
    List<Event> events = new ArrayList<>(2);
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        keep(bytes, start, i - start);
        endOfLine(events);
        start = i + 1;
      }
    }
    keep(bytes, start, bytes.length - start);
    return events;
  }

  /** Adds bytes to the current line, refusing them if the line would outgrow its limit. */
  private void keep(byte[] bytes, int from, int length) {
    if (line.size() + (long) length > maxLine) {
      throw AnswerTooLarge.streamLine(limits.maxStreamLine());
    }
    line.write(bytes, from, length);
  }

  private void endOfLine(List<Event> events) {
    byte[] raw = line.toByteArray();
    line.reset();
    int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
    if (length == 0) {
      if (hasData) {
        events.add(new Event(eventName, data.toString()));
      }
      data.setLength(0);
      hasData = false;
      eventName = null;
      eventBytes = 0;
      return;
    }
    if (raw[0] == ':') {
      return;
    }
    String text = new String(raw, 0, length, StandardCharsets.UTF_8);
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    if ("data".equals(field)) {
      // counted in bytes as received, field names included, like the line limit
      eventBytes += length;
      if (eventBytes > maxEvent) {
        throw AnswerTooLarge.streamEvent(limits.maxStreamEvent());
      }
      if (hasData) {
        data.append('\n');
      }
      data.append(value);
      hasData = true;
    } else if ("event".equals(field)) {
      eventName = value;
    }
  }
}
