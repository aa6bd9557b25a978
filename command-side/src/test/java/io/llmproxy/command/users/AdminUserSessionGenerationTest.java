package io.llmproxy.command.users;

import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.kernel.users.AdminUserCreated;
import io.llmproxy.kernel.users.AdminUserDisabled;
import io.llmproxy.kernel.users.AdminUserEnabled;
import io.llmproxy.kernel.users.AdminUserPasswordReset;
import io.llmproxy.kernel.users.AdminUserRoleChanged;
import io.llmproxy.kernel.users.AdminUserSessionsEnded;
import io.llmproxy.kernel.users.DisableAdminUser;
import io.llmproxy.kernel.users.EndAdminUserSessions;
import io.llmproxy.kernel.users.ResetAdminUserPassword;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * An admin user's session generation: every event that ends all of their sessions carries the next
 * one, counted on from events recorded before generations existed.
 */
class AdminUserSessionGenerationTest {

  private static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
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
  void everyResetAndDisablementEndsTheSessionsOfTheGenerationBefore() {
    fixture
        .given(
            ALICE,
            new AdminUserPasswordReset("alice", NEW_HASH, NOW, 1L),
            new AdminUserDisabled("alice", NOW, 2L),
            new AdminUserEnabled("alice", NOW),
            new AdminUserRoleChanged("alice", AdminRole.VIEWER, NOW))
        .when(new DisableAdminUser("alice", "bob"))
        .expectEvents(new AdminUserDisabled("alice", NOW, 3L));
  }

  @Test
  void eventsRecordedBeforeGenerationsExistedCountOneStepEach() {
    // what the event store holds from earlier releases: no generation field at all
    fixture
        .given(
            ALICE,
            new AdminUserPasswordReset("alice", NEW_HASH, NOW, null),
            new AdminUserDisabled("alice", NOW, null),
            new AdminUserEnabled("alice", NOW),
            new AdminUserPasswordReset("alice", HASH, NOW, null))
        .when(new ResetAdminUserPassword("alice", NEW_HASH))
        .expectEvents(new AdminUserPasswordReset("alice", NEW_HASH, NOW, 4L));
  }

  @Test
  void endingAllSessionsStepsTheGenerationWithoutTouchingTheAccount() {
    fixture
        .given(ALICE, new AdminUserPasswordReset("alice", NEW_HASH, NOW, 1L))
        .when(new EndAdminUserSessions("alice", "signed out everywhere"))
        .expectEvents(new AdminUserSessionsEnded("alice", 2L, "signed out everywhere", NOW));
    fixture
        .given(ALICE, new AdminUserSessionsEnded("alice", 1L, "signed out everywhere", NOW))
        .when(new DisableAdminUser("alice", "bob"))
        .expectEvents(new AdminUserDisabled("alice", NOW, 2L));
    fixture
        .given(ALICE)
        .when(new EndAdminUserSessions("alice", " "))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }
}
