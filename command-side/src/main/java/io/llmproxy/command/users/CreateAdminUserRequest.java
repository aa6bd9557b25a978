package io.llmproxy.command.users;

/** Body of {@code POST /admin/users}; {@code role} is {@code admin} or {@code viewer}. */
public record CreateAdminUserRequest(String username, String role, String password) {

  @Override
  public String toString() {
    // codecs log decoded bodies at debug level; the password must not be among them
    return "CreateAdminUserRequest[username=" + username + ", role=" + role + "]";
  }
}
