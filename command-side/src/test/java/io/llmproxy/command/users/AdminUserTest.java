package io.llmproxy.command.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import io.llmproxy.kernel.users.ChangeAdminUserRole;
import io.llmproxy.kernel.users.CreateAdminUser;
import io.llmproxy.kernel.users.DisableAdminUser;
import io.llmproxy.kernel.users.EnableAdminUser;
import io.llmproxy.kernel.users.EndAdminUserSessions;
import io.llmproxy.kernel.users.ResetAdminUserPassword;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class AdminUserTest {

  private static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
  // minimum cost: the fixture needs the shape of a bcrypt hash, not its slowness
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);
  private static final String HASH = BCRYPT.encode("correct horse battery");
  private static final String NEW_HASH = BCRYPT.encode("another long password");
  private static final AdminUserCreated ALICE =
      new AdminUserCreated("alice", HASH, AdminRole.ADMIN, NOW);

  private AggregateTestFixture<AdminUser> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(AdminUser.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void creatingAUserRecordsItsHashAndRole() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser("alice", HASH, AdminRole.VIEWER))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AdminUserCreated("alice", HASH, AdminRole.VIEWER, NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "al", "Alice", "1alice", "al ice", "alice@example.com", "ålice"})
  void aUsernameMustBeALowercaseIdentifier(String username) {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser(username, HASH, AdminRole.ADMIN))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage(
            "username must be 3-64 characters: a lowercase letter, then lowercase letters,"
                + " digits, '.', '_' or '-'")
        .expectNoEvents();
  }

  @Test
  void aUsernameMayHaveSixtyFourCharactersButNoMore() {
    String longest = "a" + "b".repeat(63);
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser(longest, HASH, AdminRole.ADMIN))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new AdminUserCreated(longest, HASH, AdminRole.ADMIN, NOW));
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser(longest + "c", HASH, AdminRole.ADMIN))
        .expectException(IllegalArgumentException.class);
  }

  @Test
  void aUsernameMayHoldDigitsDotsDashesAndUnderscores() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser("ops-team_2.bob", HASH, AdminRole.VIEWER))
        .expectEvents(new AdminUserCreated("ops-team_2.bob", HASH, AdminRole.VIEWER, NOW));
  }

  @Test
  void aUserNeedsARole() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser("alice", HASH, null))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("role is required")
        .expectNoEvents();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "correct horse battery staple", "$2a$10$tooshort"})
  void aPasswordThatIsNotABcryptHashNeverReachesAnEvent(String notAHash) {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser("alice", notAHash, AdminRole.ADMIN))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("a password must be given as its bcrypt hash")
        .expectNoEvents();
    fixture
        .given(ALICE)
        .when(new ResetAdminUserPassword("alice", notAHash))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void aMissingPasswordIsRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateAdminUser("alice", null, AdminRole.ADMIN))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void changingTheRole() {
    fixture
        .given(ALICE)
        .when(new ChangeAdminUserRole("alice", AdminRole.VIEWER, "bob"))
        .expectEvents(new AdminUserRoleChanged("alice", AdminRole.VIEWER, NOW));
  }

  @Test
  void changingToTheSameRoleChangesNothing() {
    fixture
        .given(ALICE)
        .when(new ChangeAdminUserRole("alice", AdminRole.ADMIN, "bob"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aChangedRoleNeedsARoleAndAnActor() {
    fixture
        .given(ALICE)
        .when(new ChangeAdminUserRole("alice", null, "bob"))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
    fixture
        .given(ALICE)
        .when(new ChangeAdminUserRole("alice", AdminRole.VIEWER, null))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("the acting administrator must be named")
        .expectNoEvents();
  }

  @Test
  void theRoleOfADisabledUserMayChange() {
    fixture
        .given(ALICE, new AdminUserDisabled("alice", NOW, 1L))
        .when(new ChangeAdminUserRole("alice", AdminRole.VIEWER, "bob"))
        .expectEvents(new AdminUserRoleChanged("alice", AdminRole.VIEWER, NOW));
  }

  @Test
  void anAdministratorCannotDemoteThemself() {
    fixture
        .given(ALICE)
        .when(new ChangeAdminUserRole("alice", AdminRole.VIEWER, "alice"))
        .expectException(IllegalStateException.class)
        .expectExceptionMessage("you cannot change your own role; another administrator has to")
        .expectNoEvents();
  }

  @Test
  void confirmingOnesOwnRoleIsHarmless() {
    fixture
        .given(ALICE)
        .when(new ChangeAdminUserRole("alice", AdminRole.ADMIN, "alice"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void resettingThePasswordRecordsTheNewHash() {
    fixture
        .given(ALICE)
        .when(new ResetAdminUserPassword("alice", NEW_HASH))
        .expectEvents(new AdminUserPasswordReset("alice", NEW_HASH, NOW, 1L));
  }

  @Test
  void aDisabledUsersPasswordMayBeReset() {
    fixture
        .given(ALICE, new AdminUserDisabled("alice", NOW, 1L))
        .when(new ResetAdminUserPassword("alice", NEW_HASH))
        .expectEvents(new AdminUserPasswordReset("alice", NEW_HASH, NOW, 2L));
  }

  @Test
  void disablingAUser() {
    fixture
        .given(ALICE)
        .when(new DisableAdminUser("alice", "bob"))
        .expectEvents(new AdminUserDisabled("alice", NOW, 1L));
  }

  @Test
  void disablingTwiceChangesNothing() {
    fixture
        .given(ALICE, new AdminUserDisabled("alice", NOW, 1L))
        .when(new DisableAdminUser("alice", "bob"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void anAdministratorCannotDisableThemself() {
    fixture
        .given(ALICE)
        .when(new DisableAdminUser("alice", "alice"))
        .expectException(IllegalStateException.class)
        .expectExceptionMessage("you cannot disable yourself; another administrator has to")
        .expectNoEvents();
    fixture
        .given(ALICE)
        .when(new DisableAdminUser("alice", " "))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void enablingADisabledUserAndOnlyThen() {
    fixture
        .given(ALICE, new AdminUserDisabled("alice", NOW, 1L))
        .when(new EnableAdminUser("alice"))
        .expectEvents(new AdminUserEnabled("alice", NOW));
    fixture
        .given(ALICE, new AdminUserDisabled("alice", NOW, 1L), new AdminUserEnabled("alice", NOW))
        .when(new EnableAdminUser("alice"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void aUsersEventsLiveInTheirOwnStreamApartFromKeysAndRoutesOfTheSameName() {
    assertThat(new CreateAdminUser("demo", HASH, AdminRole.ADMIN).streamId())
        .isEqualTo("admin-user/demo")
        .isEqualTo(new DisableAdminUser("demo", "bob").streamId())
        .isEqualTo(new EnableAdminUser("demo").streamId())
        .isEqualTo(new ChangeAdminUserRole("demo", AdminRole.VIEWER, "bob").streamId())
        .isEqualTo(new ResetAdminUserPassword("demo", HASH).streamId())
        .isEqualTo(new EndAdminUserSessions("demo", "signed out everywhere").streamId());
  }

  @Test
  void hashesStayOutOfTheTextOfCommandsAndEvents() {
    assertThat(new CreateAdminUser("alice", HASH, AdminRole.ADMIN).toString()).doesNotContain(HASH);
    assertThat(new ResetAdminUserPassword("alice", HASH).toString()).doesNotContain(HASH);
    assertThat(ALICE.toString()).doesNotContain(HASH).contains("alice");
    assertThat(new AdminUserPasswordReset("alice", HASH, NOW, 1L).toString()).doesNotContain(HASH);
  }
}
