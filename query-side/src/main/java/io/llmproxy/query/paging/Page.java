package io.llmproxy.query.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list. {@code nextCursor} fetches the next page and is null on the last one.
 *
 * @param hasMore whether another page follows
 */
public record Page<T>(List<T> data, boolean hasMore, String nextCursor) {

  /**
   * A page from rows read with a limit of {@code limit + 1}: the extra row only tells that more
   * follow, without a second count query.
   */
  public static <T> Page<T> of(List<T> rows, int limit, Function<T, Cursor> position) {
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), false, null);
    }
    List<T> page = List.copyOf(rows.subList(0, limit));
    return new Page<>(page, true, position.apply(page.get(limit - 1)).encode());
  }
}
