package io.llmproxy.edge.providers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code llmproxy.upstream.*}: how much of an upstream's answer the proxy takes in, so that a
 * broken or hostile provider cannot exhaust the heap (164 MiB in the recommended container). Each
 * limit is enforced while the bytes arrive; an answer over one ends as {@link AnswerTooLarge}. They
 * bound each request, not their sum: bench/hostile-upstream.sh measures how many at once fit.
 *
 * @param maxAnswerSize a whole (non-streamed) answer or an error body, read into memory at once;
 *     while it is parsed it takes about four times its size of heap. 8 MB holds the longest text
 *     any current model writes (128k tokens, ~0.5 MB) many times over and an embeddings batch of
 *     ~250 inputs of 1,536 dimensions as JSON floats (~1,000 as base64); 16 answers of 7.9 MB at
 *     once exhaust the 164 MiB heap, 16 of 3.9 MB or 32 of 1.9 MB do not
 * @param maxStreamLine one line of an event stream: real frames are a few hundred bytes to a few
 *     kilobytes (a Gemini event carrying a whole function call is the largest); 16 streams cut at 1
 *     MB at once hold ~16 MiB
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
