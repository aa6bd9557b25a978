package io.llmproxy.edge.adminauth;

import io.llmproxy.kernel.keys.RandomText;
import io.llmproxy.kernel.users.AdminRole;
import java.time.temporal.ChronoUnit;
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
  private final PasswordEncoder encoder = new BCryptPasswordEncoder();

  /**
   * Compared against when the name is unknown, so that an unknown name costs as much time as a
   * wrong password and timing does not reveal which names exist.
   */
  private final String decoyHash =
      encoder.encode(RandomText.of("abcdefghijklmnopqrstuvwxyz0123456789", 24));

  AdminAccounts(BootstrapAdmin bootstrap, AdminUserRegistry users) {
    this.bootstrap = bootstrap;
    this.users = users;
  }

  /**
   * The role to sign {@code username} in with, or empty. Blocking: exactly one bcrypt comparison
   * runs whatever the outcome.
   */
  Optional<AdminRole> authenticate(String username, String password) {
    if (bootstrap.isNamed(username)) {
      return bootstrap.passwordMatches(password) ? Optional.of(AdminRole.ADMIN) : Optional.empty();
    }
    Optional<RegisteredAdminUser> user = users.find(username);
    boolean matches =
        encoder.matches(password, user.map(RegisteredAdminUser::passwordHash).orElse(decoyHash));
    return user.filter(found -> matches && found.enabled()).map(RegisteredAdminUser::role);
  }

  /**
   * The principal with the rights it holds now, or empty when they are gone: a disabled or unknown
   * user, or a token from before the user's last password reset or disablement. A role lowered
   * since the token was issued applies at once; a role raised applies from the next sign-in.
   */
  Optional<AdminPrincipal> current(AdminPrincipal principal) {
    if (bootstrap.isNamed(principal.subject())) {
      return Optional.of(principal);
    }
    return users
        .find(principal.subject())
        .filter(RegisteredAdminUser::enabled)
        // tokens carry whole seconds: one issued in the second of a reset is still honoured
        .filter(
            user ->
                !principal
                    .issuedAt()
                    .isBefore(user.sessionsStart().truncatedTo(ChronoUnit.SECONDS)))
        .map(user -> principal.withRole(principal.role().lesserOf(user.role())));
  }
}
