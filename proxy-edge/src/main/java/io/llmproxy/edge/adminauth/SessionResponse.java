package io.llmproxy.edge.adminauth;

public record SessionResponse(String token, String tokenType, long expiresIn, String role) {}
