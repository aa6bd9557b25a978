package io.llmproxy.edge.providers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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

  /**
   * One dispatched event: {@code data} as the bytes received (UTF-8 by the format, not checked
   * here); {@code event} is null when the stream named none.
   */
  public record Event(String event, byte[] data) {

    /** The data as text, any byte that is not UTF-8 replaced. */
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Event that
          && Objects.equals(event, that.event)
          && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(event) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Event[event=" + event + ", data=" + text() + "]";
    }

    /** Whether the data is empty or only white space, as {@link String#isBlank} reads its text. */
    public boolean isBlank() {
      for (byte b : data) {
        if (!Character.isWhitespace(b)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

  private final UpstreamLimits limits;
  private final long maxLine;
  private final long maxEvent;
  private final long maxStream;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  // an event's data: its only line as it came, or several lines joined by LF
  private byte[] firstData;
  private ByteArrayOutputStream moreData;
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
        if (line.size() == 0) {
          // the whole line is in this read: read it where it is
          if (i - start > maxLine) {
            throw AnswerTooLarge.streamLine(limits.maxStreamLine());
          }
          endOfLine(bytes, start, i - start, events);
        } else {
          keep(bytes, start, i - start);
          byte[] joined = line.toByteArray();
          line.reset();
          endOfLine(joined, 0, joined.length, events);
        }
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

  private void endOfLine(byte[] raw, int from, int rawLength, List<Event> events) {
    int length = rawLength > 0 && raw[from + rawLength - 1] == '\r' ? rawLength - 1 : rawLength;
    if (length == 0) {
      if (firstData != null) {
        events.add(new Event(eventName, moreData == null ? firstData : moreData.toByteArray()));
      }
      firstData = null;
      moreData = null;
      eventName = null;
      eventBytes = 0;
      return;
    }
    if (raw[from] == ':') {
      return;
    }
    int colon = indexOf(raw, from, length, (byte) ':');
    int fieldLength = colon < 0 ? length : colon - from;
    int valueFrom = colon < 0 ? from + length : colon + 1;
    if (valueFrom < from + length && raw[valueFrom] == ' ') {
      valueFrom++;
    }
    int valueLength = from + length - valueFrom;
    if (named(DATA, raw, from, fieldLength)) {
      // counted in bytes as received, field names included, like the line limit
      eventBytes += length;
      if (eventBytes > maxEvent) {
        throw AnswerTooLarge.streamEvent(limits.maxStreamEvent());
      }
      data(raw, valueFrom, valueLength);
    } else if (named(EVENT, raw, from, fieldLength)) {
      eventName = new String(raw, valueFrom, valueLength, StandardCharsets.UTF_8);
    }
  }

  private void data(byte[] raw, int from, int length) {
    if (firstData == null) {
      firstData = Arrays.copyOfRange(raw, from, from + length);
      return;
    }
    if (moreData == null) {
      moreData = new ByteArrayOutputStream(firstData.length * 2 + length);
      moreData.write(firstData, 0, firstData.length);
    }
    moreData.write('\n');
    moreData.write(raw, from, length);
  }

  private static boolean named(byte[] name, byte[] raw, int from, int length) {
    return length == name.length && Arrays.equals(name, 0, name.length, raw, from, from + length);
  }

  private static int indexOf(byte[] raw, int from, int length, byte wanted) {
    for (int i = from; i < from + length; i++) {
      if (raw[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
