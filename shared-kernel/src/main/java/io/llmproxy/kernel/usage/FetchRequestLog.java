package io.llmproxy.kernel.usage;

import java.time.Instant;

/**
 * One page of the request log, newest entry first: entries of {@code [from, to)} (either bound may
 * be null for open) that {@code filter} keeps.
 *
 * @param requestId the {@code x-request-id} a request was answered with, null for any
 * @param withRetried whether failed attempts that were retried are listed too
 * @param after the {@code next_cursor} of the previous page, null for the first page
 */
public record FetchRequestLog(
    Instant from,
    Instant to,
    UsageFilter filter,
    String requestId,
    boolean withRetried,
    int limit,
    String after) {

  public FetchRequestLog {
    filter = filter == null ? UsageFilter.NONE : filter;
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one entry");
    }
  }

  /** The page that follows, given the {@code next_cursor} of this one. */
  public FetchRequestLog next(String cursor) {
    return new FetchRequestLog(from, to, filter, requestId, withRetried, limit, cursor);
  }
}
