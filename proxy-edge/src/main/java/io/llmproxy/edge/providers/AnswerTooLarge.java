package io.llmproxy.edge.providers;

import io.llmproxy.edge.errors.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * An upstream answer that went over one of the {@link UpstreamLimits}: the call was given up at the
 * limit, before the rest was read. Not retried: the same request would most likely be answered the
 * same way, and the answer so far has already cost the provider's tokens.
 */
public final class AnswerTooLarge extends UpstreamException {

  private static final long serialVersionUID = 1L;

  private final String what;

  private AnswerTooLarge(String what, DataSize limit) {
    super(0, null, "sent " + what + " over the proxy's limit of " + readable(limit));
    this.what = what + " over " + readable(limit);
  }

  /** A whole answer (or error body) longer than {@code llmproxy.upstream.max-answer-size}. */
  static AnswerTooLarge answer(DataSize limit) {
    return new AnswerTooLarge("an answer", limit);
  }

  /** A stream line longer than {@code llmproxy.upstream.max-stream-line}. */
  static AnswerTooLarge streamLine(DataSize limit) {
    return new AnswerTooLarge("a stream line", limit);
  }

  /** A stream event longer than {@code llmproxy.upstream.max-stream-event}. */
  static AnswerTooLarge streamEvent(DataSize limit) {
    return new AnswerTooLarge("a stream event", limit);
  }

  /** A stream longer than {@code llmproxy.upstream.max-stream-size}. */
  static AnswerTooLarge stream(DataSize limit) {
    return new AnswerTooLarge("a stream", limit);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }

  @Override
  public ApiException toClientError(String provider) {
    return new ApiException(
        HttpStatus.BAD_GATEWAY,
        "api_error",
        "upstream_answer_too_large",
        null,
        "Provider '" + provider + "' sent " + what + ", more than this proxy accepts.");
  }

  /** {@code 8 MB}, {@code 64 KB} or {@code 1000 bytes}: binary units, as the settings take them. */
  private static String readable(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KB";
    }
    return bytes + " bytes";
  }
}
