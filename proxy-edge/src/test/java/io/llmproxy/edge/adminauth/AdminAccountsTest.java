package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.sessions.AdminSessionSignedOut;
import io.llmproxy.kernel.sessions.AdminSessionsEnded;
import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import io.llmproxy.kernel.users.AdminUserSessionsEnded;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class AdminAccountsTest {

  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  private static final Instant EXPIRY = T0.plusSeconds(3600);
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);
  private static final String PASSWORD = "a long enough password";
  private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

  private final AdminUserRegistry users = new AdminUserRegistry();
  private final AdminSessionRegistry sessions = new AdminSessionRegistry(CLOCK);
  private final AdminAccounts accounts =
      new AdminAccounts(
          new BootstrapAdmin("root", BCRYPT.encode("bootstrap password"), BCRYPT, "fp-1"),
          users,
          sessions,
          CLOCK);

  @Test
  void theBootstrapAdministratorAndEnabledUsersSignInWithTheirRoleAndGeneration() {
    users.on(new AdminUserCreated("vera", BCRYPT.encode(PASSWORD), AdminRole.VIEWER, T0), 0);
    assertThat(accounts.authenticate("root", "bootstrap password"))
        .contains(new AdminAccounts.Grant(AdminRole.ADMIN, 0));
    assertThat(accounts.authenticate("vera", PASSWORD))
        .contains(new AdminAccounts.Grant(AdminRole.VIEWER, 0));
    assertThat(accounts.authenticate("vera", "bootstrap password")).isEmpty();
    assertThat(accounts.authenticate("root", PASSWORD)).isEmpty();
    assertThat(accounts.authenticate("nobody", PASSWORD)).isEmpty();
  }

  @Test
  void aDisabledUserCannotSignInEvenWithTheRightPassword() {
    users.on(new AdminUserCreated("dora", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    users.on(new AdminUserDisabled("dora", T0.plusSeconds(60), 1L), 1);
    assertThat(accounts.authenticate("dora", PASSWORD)).isEmpty();
    users.on(new AdminUserEnabled("dora", T0.plusSeconds(120)), 2);
    assertThat(accounts.authenticate("dora", PASSWORD))
        .contains(new AdminAccounts.Grant(AdminRole.ADMIN, 1));
  }

  @Test
  void aTokenCountsForNoMoreThanTheUsersCurrentRole() {
    users.on(new AdminUserCreated("dean", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    AdminPrincipal asAdmin = principal("dean", AdminRole.ADMIN, 0);
    assertThat(accounts.current(asAdmin)).contains(asAdmin);
    users.on(new AdminUserRoleChanged("dean", AdminRole.VIEWER, T0.plusSeconds(10)), 1);
    assertThat(accounts.current(asAdmin).map(AdminPrincipal::role)).contains(AdminRole.VIEWER);
    AdminPrincipal asViewer = principal("dean", AdminRole.VIEWER, 0);
    users.on(new AdminUserRoleChanged("dean", AdminRole.ADMIN, T0.plusSeconds(30)), 2);
    assertThat(accounts.current(asViewer).map(AdminPrincipal::role)).contains(AdminRole.VIEWER);
  }

  @Test
  void tokensOfAGenerationBeforeAPasswordResetOrADisablementNoLongerCount() {
    users.on(new AdminUserCreated("rosa", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    users.on(new AdminUserPasswordReset("rosa", BCRYPT.encode(PASSWORD), T0, 1L), 1);
    assertThat(accounts.current(principal("rosa", AdminRole.ADMIN, 0))).isEmpty();
    assertThat(accounts.current(principal("rosa", AdminRole.ADMIN, 1))).isPresent();
    users.on(new AdminUserDisabled("rosa", T0, 2L), 2);
    users.on(new AdminUserEnabled("rosa", T0), 3);
    assertThat(accounts.current(principal("rosa", AdminRole.ADMIN, 1))).isEmpty();
    assertThat(accounts.current(principal("rosa", AdminRole.ADMIN, 2))).isPresent();
    users.on(new AdminUserSessionsEnded("rosa", 3, "signed out everywhere", T0), 4);
    assertThat(accounts.current(principal("rosa", AdminRole.ADMIN, 2))).isEmpty();
    assertThat(accounts.current(principal("rosa", AdminRole.ADMIN, 3))).isPresent();
  }

  @Test
  void eventsStoredBeforeGenerationsExistedStepTheGenerationOnceEach() {
    users.on(new AdminUserCreated("olga", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    users.on(new AdminUserPasswordReset("olga", BCRYPT.encode(PASSWORD), T0, null), 1);
    users.on(new AdminUserDisabled("olga", T0, null), 2);
    users.on(new AdminUserEnabled("olga", T0), 3);
    assertThat(users.find("olga")).map(RegisteredAdminUser::generation).contains(2L);
    users.on(new AdminUserPasswordReset("olga", BCRYPT.encode(PASSWORD), T0, 3L), 4);
    assertThat(users.find("olga")).map(RegisteredAdminUser::generation).contains(3L);
  }

  @Test
  void aGenerationNeverGoesBackWhateverAnEventSays() {
    users.on(new AdminUserCreated("gus", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    users.on(new AdminUserPasswordReset("gus", BCRYPT.encode(PASSWORD), T0, 5L), 1);
    users.on(new AdminUserDisabled("gus", T0, 1L), 2);
    assertThat(users.find("gus")).map(RegisteredAdminUser::generation).contains(6L);
    sessions.on(new AdminSessionsEnded("root", 4, "signed out everywhere", T0));
    sessions.on(new AdminSessionsEnded("root", 2, "signed out everywhere", T0));
    assertThat(sessions.generation("root")).isEqualTo(4);
  }

  @Test
  void aSignedOutTokenIsRefusedWhileTheUsersOtherTokensStillCount() {
    users.on(new AdminUserCreated("ines", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    AdminPrincipal signedOut = principal("ines", AdminRole.ADMIN, 0);
    AdminPrincipal other = principal("ines", AdminRole.ADMIN, 0);
    sessions.on(new AdminSessionSignedOut("ines", signedOut.sessionId(), EXPIRY, T0));
    assertThat(accounts.current(signedOut)).isEmpty();
    assertThat(accounts.current(other)).contains(other);
  }

  @Test
  void anExpiredTokenNoLongerCounts() {
    users.on(new AdminUserCreated("emil", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    AdminPrincipal expired =
        new AdminPrincipal("emil", AdminRole.ADMIN, "jti-emil", 0, CLOCK.instant());
    assertThat(accounts.current(expired)).isEmpty();
  }

  @Test
  void theBootstrapAdministratorsSessionsEndWithItsGeneration() {
    AdminPrincipal root = principal("root", AdminRole.ADMIN, 0);
    assertThat(accounts.current(root)).contains(root);
    sessions.on(new AdminSessionsEnded("root", 1, "the bootstrap password changed", T0));
    assertThat(accounts.current(root)).isEmpty();
    assertThat(accounts.authenticate("root", "bootstrap password"))
        .contains(new AdminAccounts.Grant(AdminRole.ADMIN, 1));
    assertThat(accounts.current(principal("root", AdminRole.ADMIN, 1))).isPresent();
  }

  @Test
  void unknownSubjectsHaveNoRights() {
    assertThat(accounts.current(principal("ghost", AdminRole.ADMIN, 0))).isEmpty();
  }

  @Test
  void eventsDeliveredTwiceOrLateDoNotUndoLaterOnes() {
    AdminUserCreated created =
        new AdminUserCreated("lena", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0);
    AdminUserDisabled disabled = new AdminUserDisabled("lena", T0.plusSeconds(1), 1L);
    users.on(created, 0);
    users.on(disabled, 1);
    users.on(created, 0);
    users.on(new AdminUserRoleChanged("lena", AdminRole.VIEWER, T0), 1);
    assertThat(users.find("lena"))
        .hasValueSatisfying(
            user -> {
              assertThat(user.enabled()).isFalse();
              assertThat(user.role()).isEqualTo(AdminRole.ADMIN);
              assertThat(user.generation()).isEqualTo(1);
              assertThat(user.version()).isEqualTo(1);
            });
  }

  /**
   * This node's own event arrives at once, another node's earlier one only with the next poll:
   * applying the later one first would lose the earlier one's step of the generation.
   */
  @Test
  void anEventAheadOfItsPredecessorWaitsForItToArriveInOrder() {
    users.on(new AdminUserCreated("karl", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    AdminUserPasswordReset fromOtherNode =
        new AdminUserPasswordReset("karl", BCRYPT.encode(PASSWORD), T0, 1L);
    AdminUserRoleChanged fromThisNode = new AdminUserRoleChanged("karl", AdminRole.VIEWER, T0);
    users.on(fromThisNode, 2);
    assertThat(users.find("karl")).map(RegisteredAdminUser::version).contains(0L);
    users.on(fromOtherNode, 1);
    users.on(fromThisNode, 2);
    assertThat(users.find("karl"))
        .hasValueSatisfying(
            user -> {
              assertThat(user.generation()).isEqualTo(1);
              assertThat(user.role()).isEqualTo(AdminRole.VIEWER);
            });
  }

  private static AdminPrincipal principal(String subject, AdminRole role, long generation) {
    return new AdminPrincipal(subject, role, UUID.randomUUID().toString(), generation, EXPIRY);
  }
}
