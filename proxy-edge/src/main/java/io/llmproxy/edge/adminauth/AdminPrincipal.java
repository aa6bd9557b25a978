package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.users.AdminRole;
import java.time.Instant;

/**
 * The administrator a verified token speaks for: the session it belongs to (the token's {@code
 * jti}), the session generation it was issued in, and when it expires.
 */
public record AdminPrincipal(
    String subject, AdminRole role, String sessionId, long generation, Instant expiresAt) {

  AdminPrincipal withRole(AdminRole current) {
    return new AdminPrincipal(subject, current, sessionId, generation, expiresAt);
  }
}
