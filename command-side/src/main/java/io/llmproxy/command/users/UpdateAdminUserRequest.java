package io.llmproxy.command.users;

/** Body of {@code PATCH /admin/users/{username}}: each field absent means unchanged. */
public record UpdateAdminUserRequest(String role, String password, Boolean disabled) {

  @Override
  public String toString() {
    // codecs log decoded bodies at debug level; the password must not be among them
    return "UpdateAdminUserRequest[role=" + role + ", disabled=" + disabled + "]";
  }
}
