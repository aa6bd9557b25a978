package io.llmproxy.command.users;

/** An administrator as the API shows one: never with a password or its hash. */
public record AdminUserResponse(String username, String role, boolean disabled) {}
