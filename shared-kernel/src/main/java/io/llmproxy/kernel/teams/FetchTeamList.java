package io.llmproxy.kernel.teams;

/**
 * One page of the team list, newest team first.
 *
 * @param after the {@code next_cursor} of the previous page, null for the first page
 */
public record FetchTeamList(int limit, String after) {

  public FetchTeamList {
    if (limit < 1) {
      throw new IllegalArgumentException("a page holds at least one team");
    }
  }
}
