package io.llmproxy.edge.providers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * Splits a provider's {@code text/event-stream} body into events as the bytes arrive, following the
 * SSE format: LF or CRLF line ends, {@code data:} lines joined by LF, {@code event:} names, {@code
 * :} comments ignored, an event dispatched at each blank line, and an unterminated last event
 * dropped. Cheaper than a general line decoder because it only looks for what relaying needs.
 */
public final class ServerSentEvents {

  /** One dispatched event; {@code event} is null when the stream named none. */
  public record Event(String event, String data) {}

  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventName;

  private ServerSentEvents() {}

  public static Flux<Event> decode(Flux<DataBuffer> body) {
    return Flux.defer(
        () -> {
          ServerSentEvents parser = new ServerSentEvents();
          return body.concatMapIterable(parser::feed);
        });
  }

  private List<Event> feed(DataBuffer buffer) {
    byte[] bytes = new byte[buffer.readableByteCount()];
    try {
      buffer.read(bytes);
    } finally {
      DataBufferUtils.release(buffer);
    }
    List<Event> events = new ArrayList<>(2);
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i - start);
        endOfLine(events);
        start = i + 1;
      }
    }
    line.write(bytes, start, bytes.length - start);
    return events;
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
