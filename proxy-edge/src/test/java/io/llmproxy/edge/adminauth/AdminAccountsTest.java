package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class AdminAccountsTest {

  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);
  private static final String PASSWORD = "a long enough password";

  private final AdminUserRegistry users = new AdminUserRegistry();
  private final AdminAccounts accounts =
      new AdminAccounts(
          new BootstrapAdmin("root", BCRYPT.encode("bootstrap password"), BCRYPT), users);

  @Test
  void theBootstrapAdministratorAndEnabledUsersSignInWithTheirRole() {
    users.on(new AdminUserCreated("vera", BCRYPT.encode(PASSWORD), AdminRole.VIEWER, T0), 0);
    assertThat(accounts.authenticate("root", "bootstrap password")).contains(AdminRole.ADMIN);
    assertThat(accounts.authenticate("vera", PASSWORD)).contains(AdminRole.VIEWER);
    assertThat(accounts.authenticate("vera", "bootstrap password")).isEmpty();
    assertThat(accounts.authenticate("root", PASSWORD)).isEmpty();
    assertThat(accounts.authenticate("nobody", PASSWORD)).isEmpty();
  }

  @Test
  void aDisabledUserCannotSignInEvenWithTheRightPassword() {
    users.on(new AdminUserCreated("dora", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    users.on(new AdminUserDisabled("dora", T0.plusSeconds(60)), 1);
    assertThat(accounts.authenticate("dora", PASSWORD)).isEmpty();
    users.on(new AdminUserEnabled("dora", T0.plusSeconds(120)), 2);
    assertThat(accounts.authenticate("dora", PASSWORD)).contains(AdminRole.ADMIN);
  }

  @Test
  void aTokenCountsForNoMoreThanTheUsersCurrentRole() {
    users.on(new AdminUserCreated("dean", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    AdminPrincipal asAdmin = new AdminPrincipal("dean", AdminRole.ADMIN, T0.plusSeconds(5));
    assertThat(accounts.current(asAdmin)).contains(asAdmin);
    users.on(new AdminUserRoleChanged("dean", AdminRole.VIEWER, T0.plusSeconds(10)), 1);
    assertThat(accounts.current(asAdmin).map(AdminPrincipal::role)).contains(AdminRole.VIEWER);
    AdminPrincipal asViewer = new AdminPrincipal("dean", AdminRole.VIEWER, T0.plusSeconds(20));
    users.on(new AdminUserRoleChanged("dean", AdminRole.ADMIN, T0.plusSeconds(30)), 2);
    assertThat(accounts.current(asViewer).map(AdminPrincipal::role)).contains(AdminRole.VIEWER);
  }

  @Test
  void tokensFromBeforeAPasswordResetOrADisablementNoLongerCount() {
    users.on(new AdminUserCreated("rosa", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    users.on(new AdminUserPasswordReset("rosa", BCRYPT.encode(PASSWORD), T0.plusMillis(10_500)), 1);
    assertThat(accounts.current(new AdminPrincipal("rosa", AdminRole.ADMIN, T0.plusSeconds(9))))
        .isEmpty();
    // tokens carry whole seconds: one from the second of the reset itself still counts
    assertThat(accounts.current(new AdminPrincipal("rosa", AdminRole.ADMIN, T0.plusSeconds(10))))
        .isPresent();
    users.on(new AdminUserDisabled("rosa", T0.plusSeconds(60)), 2);
    users.on(new AdminUserEnabled("rosa", T0.plusSeconds(70)), 3);
    assertThat(accounts.current(new AdminPrincipal("rosa", AdminRole.ADMIN, T0.plusSeconds(30))))
        .isEmpty();
    assertThat(accounts.current(new AdminPrincipal("rosa", AdminRole.ADMIN, T0.plusSeconds(80))))
        .isPresent();
  }

  @Test
  void aTokenFromANodeWhoseClockIsBehindTheCreatingOneStillCounts() {
    users.on(new AdminUserCreated("ines", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0), 0);
    assertThat(accounts.current(new AdminPrincipal("ines", AdminRole.ADMIN, T0.minusSeconds(3))))
        .isPresent();
  }

  @Test
  void unknownSubjectsHaveNoRightsAndTheBootstrapAdministratorKeepsHis() {
    assertThat(accounts.current(new AdminPrincipal("ghost", AdminRole.ADMIN, T0))).isEmpty();
    AdminPrincipal root = new AdminPrincipal("root", AdminRole.ADMIN, T0);
    assertThat(accounts.current(root)).contains(root);
  }

  @Test
  void eventsDeliveredTwiceOrLateDoNotUndoLaterOnes() {
    AdminUserCreated created =
        new AdminUserCreated("lena", BCRYPT.encode(PASSWORD), AdminRole.ADMIN, T0);
    AdminUserDisabled disabled = new AdminUserDisabled("lena", T0.plusSeconds(1));
    users.on(created, 0);
    users.on(disabled, 1);
    users.on(created, 0);
    users.on(new AdminUserRoleChanged("lena", AdminRole.VIEWER, T0), 1);
    assertThat(users.find("lena"))
        .hasValueSatisfying(
            user -> {
              assertThat(user.enabled()).isFalse();
              assertThat(user.role()).isEqualTo(AdminRole.ADMIN);
              assertThat(user.version()).isEqualTo(1);
            });
  }
}
