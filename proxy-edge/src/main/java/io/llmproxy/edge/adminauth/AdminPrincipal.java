package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.users.AdminRole;
import java.time.Instant;

/** The administrator a verified token speaks for, and when the token was issued. */
public record AdminPrincipal(String subject, AdminRole role, Instant issuedAt) {

  AdminPrincipal withRole(AdminRole current) {
    return new AdminPrincipal(subject, current, issuedAt);
  }
}
