package io.llmproxy.edge.adminauth;

/** Body of {@code POST /admin/session}. */
public record SessionRequest(String username, String password) {}
