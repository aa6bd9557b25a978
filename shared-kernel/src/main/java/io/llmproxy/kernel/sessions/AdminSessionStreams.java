package io.llmproxy.kernel.sessions;

/** Where the session events of one administrator name are stored. */
public final class AdminSessionStreams {

  /**
   * Any administrator name may have sessions, the configured bootstrap one included, whose name
   * need not follow the admin user rules; the prefix keeps the stream apart from every other kind.
   */
  private static final String STREAM_PREFIX = "admin-sessions/";

  private AdminSessionStreams() {}

  public static String of(String username) {
    return STREAM_PREFIX + username;
  }
}
