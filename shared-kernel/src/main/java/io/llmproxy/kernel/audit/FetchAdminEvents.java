package io.llmproxy.kernel.audit;

import java.time.Instant;

/**
 * One page of the admin activity trail, newest event first; a null filter does not filter.
 *
 * @param action an event type, e.g. {@code ApiKeyRevoked}
 * @param since inclusive lower bound of the event time
 * @param until exclusive upper bound of the event time
 * @param before the {@code next_cursor} of the previous page, null for the first page
 */
public record FetchAdminEvents(
    String actor,
    String action,
    String subjectId,
    Instant since,
    Instant until,
    int limit,
    String before) {

  public FetchAdminEvents {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one event");
    }
  }
}
