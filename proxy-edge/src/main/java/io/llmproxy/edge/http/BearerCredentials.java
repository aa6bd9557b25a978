package io.llmproxy.edge.http;

import java.util.Optional;

/** Reads the credential out of an {@code Authorization: Bearer …} header value. */
public final class BearerCredentials {

  private static final String BEARER = "Bearer ";

  private BearerCredentials() {}

  /** The token after the (case-insensitive) scheme, or empty if absent, blank or another scheme. */
  public static Optional<String> from(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring(BEARER.length()).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }
}
