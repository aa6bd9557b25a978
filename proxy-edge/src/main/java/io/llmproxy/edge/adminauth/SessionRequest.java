package io.llmproxy.edge.adminauth;

/** Body of {@code POST /admin/session}. */
public record SessionRequest(String username, String password) {

  @Override
  public String toString() {
    // codecs log decoded bodies at debug level; the password must not be among them
    return "SessionRequest[username=" + username + "]";
  }
}
