package io.llmproxy.kernel.users;

import java.util.regex.Pattern;

/** The shape of an administrator's user name, and where its events are stored. */
public final class AdminUsernames {

  public static final String RULE =
      "3-64 characters: a lowercase letter, then lowercase letters, digits, '.', '_' or '-'";

  private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9._-]{2,63}");

  /**
   * Axon keeps one sequence per aggregate identifier regardless of aggregate type, so a user named
   * like a model alias or a key id would share that stream. The prefix holds a character neither of
   * those may contain.
   */
  private static final String STREAM_PREFIX = "admin-user/";

  private AdminUsernames() {}

  public static boolean isValid(String username) {
    return username != null && SHAPE.matcher(username).matches();
  }

  public static String streamId(String username) {
    return STREAM_PREFIX + username;
  }
}
