package io.llmproxy.edge.providers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code llmproxy.upstream.*}: how much of an upstream's answer the proxy takes in, so that a
 * broken or hostile provider cannot exhaust the heap (164 MiB in the recommended container). Each
 * limit is enforced while the bytes arrive; an answer over one ends as {@link AnswerTooLarge}.
 *
 * @param maxAnswerSize a whole (non-streamed) answer or an error body, read into memory at once: 8
 *     MB is ~16 times the text of the longest output any current model produces (128k tokens),
 *     while a few such answers at once still fit next to 1,000 open streams
 * @param maxStreamLine one line of an event stream: real frames are a few hundred bytes to a few
 *     kilobytes (a Gemini event carrying a whole function call is the largest)
 * @param maxStreamEvent the data lines of one event together, the unit that is parsed as JSON
 * @param maxStreamSize everything one stream sends: frames pass through, so this bounds time and
 *     cost rather than memory, ending a stream that never stops; 256 MB is eight times a 128k-token
 *     answer at ~250 bytes of framing per token
 */
@ConfigurationProperties(prefix = "llmproxy.upstream")
public record UpstreamLimits(
    @DefaultValue(UpstreamLimits.DEFAULT_MAX_ANSWER_SIZE) DataSize maxAnswerSize,
    @DefaultValue(UpstreamLimits.DEFAULT_MAX_STREAM_LINE) DataSize maxStreamLine,
    @DefaultValue(UpstreamLimits.DEFAULT_MAX_STREAM_EVENT) DataSize maxStreamEvent,
    @DefaultValue(UpstreamLimits.DEFAULT_MAX_STREAM_SIZE) DataSize maxStreamSize) {

  public static final String DEFAULT_MAX_ANSWER_SIZE = "8MB";
  public static final String DEFAULT_MAX_STREAM_LINE = "1MB";
  public static final String DEFAULT_MAX_STREAM_EVENT = "1MB";
  public static final String DEFAULT_MAX_STREAM_SIZE = "256MB";

  /** The limits when nothing is configured. */
  public static final UpstreamLimits DEFAULTS =
      new UpstreamLimits(
          DataSize.parse(DEFAULT_MAX_ANSWER_SIZE),
          DataSize.parse(DEFAULT_MAX_STREAM_LINE),
          DataSize.parse(DEFAULT_MAX_STREAM_EVENT),
          DataSize.parse(DEFAULT_MAX_STREAM_SIZE));

  public UpstreamLimits {
    positive("max-answer-size", maxAnswerSize);
    positive("max-stream-line", maxStreamLine);
    positive("max-stream-event", maxStreamEvent);
    positive("max-stream-size", maxStreamSize);
    // the codecs take the whole-answer limit as an int
    if (maxAnswerSize.toBytes() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "llmproxy.upstream.max-answer-size must be below 2GB, was " + maxAnswerSize);
    }
  }

  private static void positive(String key, DataSize size) {
    if (size == null || size.toBytes() < 1) {
      throw new IllegalArgumentException(
          "llmproxy.upstream." + key + " must be at least 1 byte, was " + size);
    }
  }
}
