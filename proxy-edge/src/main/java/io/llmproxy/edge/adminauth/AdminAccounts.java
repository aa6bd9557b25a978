package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.keys.RandomText;
import io.llmproxy.kernel.users.AdminRole;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Who may sign in, and what a signed-in administrator may do right now: the bootstrap administrator
 * from configuration, and the admin users the registry holds.
 */
@Component
class AdminAccounts {

  private final BootstrapAdmin bootstrap;
  private final AdminUserRegistry users;
  private final AdminSessionRegistry sessions;
  private final Clock clock;
  private final PasswordEncoder encoder = new BCryptPasswordEncoder();

  /**
   * Compared against when the name is unknown, so that an unknown name costs as much time as a
   * wrong password and timing does not reveal which names exist.
   */
  private final String decoyHash =
      encoder.encode(RandomText.of("abcdefghijklmnopqrstuvwxyz0123456789", 24));

  AdminAccounts(
      BootstrapAdmin bootstrap,
      AdminUserRegistry users,
      AdminSessionRegistry sessions,
      Clock clock) {
    this.bootstrap = bootstrap;
    this.users = users;
    this.sessions = sessions;
    this.clock = clock;
  }

  /** A successful sign-in: the role its token grants and the session generation it belongs to. */
  record Grant(AdminRole role, long generation) {}

  /**
   * The grant to sign {@code username} in with, or empty. Blocking: exactly one bcrypt comparison
   * runs whatever the outcome. The generation is read with the credential it was checked against,
   * so a token from a sign-in that raced a password change belongs to the session that ended.
   */
  Optional<Grant> authenticate(String username, String password) {
    if (bootstrap.isNamed(username)) {
      long generation = sessions.generation(bootstrap.username());
      return bootstrap.passwordMatches(password)
          ? Optional.of(new Grant(AdminRole.ADMIN, generation))
          : Optional.empty();
    }
    Optional<RegisteredAdminUser> user = users.find(username);
    boolean matches =
        encoder.matches(password, user.map(RegisteredAdminUser::passwordHash).orElse(decoyHash));
    return user.filter(found -> matches && found.enabled())
        .map(found -> new Grant(found.role(), found.generation()));
  }

  /**
   * The principal with the rights it holds now, or empty when they are gone: an expired or
   * signed-out token, a disabled or unknown user, or a token of a session generation that has ended
   * (a password change, a disablement, a sign-out everywhere). A role lowered since the token was
   * issued applies at once; a role raised applies from the next sign-in.
   */
  Optional<AdminPrincipal> current(AdminPrincipal principal) {
    if (!principal.expiresAt().isAfter(clock.instant())
        || sessions.isSignedOut(principal.sessionId())) {
      return Optional.empty();
    }
    if (bootstrap.isNamed(principal.subject())) {
      return principal.generation() >= sessions.generation(bootstrap.username())
          ? Optional.of(principal)
          : Optional.empty();
    }
    return users
        .find(principal.subject())
        .filter(RegisteredAdminUser::enabled)
        .filter(user -> principal.generation() >= user.generation())
        .map(user -> principal.withRole(principal.role().lesserOf(user.role())));
  }

  boolean isBootstrap(String username) {
    return bootstrap.isNamed(username);
  }
}
