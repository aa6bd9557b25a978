package io.llmproxy.kernel.keys;

/**
 * One page of the key list, newest key first; a null filter does not filter.
 *
 * @param status active, suspended, revoked or expired, as the list shows it at the time of the
 *     query
 * @param text a substring of the key's name or owner, case-insensitive for ASCII letters
 * @param after the {@code next_cursor} of the previous page, null for the first page
 */
public record FetchKeyList(String status, String teamId, String text, int limit, String after) {

  public FetchKeyList {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one key");
    }
  }
}
