package io.llmproxy.command.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.sessions.AdminSessionSignedOut;
import io.llmproxy.kernel.sessions.AdminSessionsEnded;
import io.llmproxy.kernel.sessions.BootstrapCredentialRecorded;
import io.llmproxy.kernel.sessions.EndAdminSessions;
import io.llmproxy.kernel.sessions.RecordBootstrapCredential;
import io.llmproxy.kernel.sessions.SignOutAdminSession;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminSessionsTest {

  private static final Instant NOW = Instant.parse("2026-04-01T09:00:00Z");
  private static final Instant EXPIRY = NOW.plusSeconds(3600);
  private static final BootstrapCredentialRecorded FIRST =
      new BootstrapCredentialRecorded("admin", "fingerprint-1", NOW.minusSeconds(600));

  private AggregateTestFixture<AdminSessions> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(AdminSessions.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void theFirstCredentialIsRecordedWithoutEndingAnySession() {
    fixture
        .givenNoPriorActivity()
        .when(new RecordBootstrapCredential("admin", "fingerprint-1"))
        .expectSuccessfulHandlerExecution()
        .expectResultMessagePayload(false)
        .expectEvents(new BootstrapCredentialRecorded("admin", "fingerprint-1", NOW));
  }

  @Test
  void theSameCredentialAgainChangesNothing() {
    fixture
        .given(FIRST)
        .when(new RecordBootstrapCredential("admin", "fingerprint-1"))
        .expectSuccessfulHandlerExecution()
        .expectResultMessagePayload(false)
        .expectNoEvents();
  }

  @Test
  void anotherCredentialEndsEverySessionOfTheGenerationBefore() {
    fixture
        .given(FIRST)
        .when(new RecordBootstrapCredential("admin", "fingerprint-2"))
        .expectResultMessagePayload(true)
        .expectEvents(
            new BootstrapCredentialRecorded("admin", "fingerprint-2", NOW),
            new AdminSessionsEnded("admin", 1, AdminSessions.CREDENTIAL_CHANGED, NOW));
    fixture
        .given(
            FIRST,
            new AdminSessionsEnded("admin", 1, "signed out everywhere", NOW),
            new BootstrapCredentialRecorded("admin", "fingerprint-2", NOW))
        .when(new RecordBootstrapCredential("admin", "fingerprint-1"))
        .expectEvents(
            new BootstrapCredentialRecorded("admin", "fingerprint-1", NOW),
            new AdminSessionsEnded("admin", 2, AdminSessions.CREDENTIAL_CHANGED, NOW));
  }

  @Test
  void sessionsEndedBeforeAnyCredentialWasRecordedStillCountWhenOneIs() {
    fixture
        .given(new AdminSessionsEnded("admin", 1, "signed out everywhere", NOW))
        .when(new RecordBootstrapCredential("admin", "fingerprint-1"))
        .expectEvents(new BootstrapCredentialRecorded("admin", "fingerprint-1", NOW));
    fixture
        .given(new AdminSessionsEnded("admin", 1, "signed out everywhere", NOW))
        .when(new EndAdminSessions("admin", "signed out everywhere"))
        .expectEvents(new AdminSessionsEnded("admin", 2, "signed out everywhere", NOW));
  }

  @Test
  void endingAllSessionsStepsTheGeneration() {
    fixture
        .givenNoPriorActivity()
        .when(new EndAdminSessions("admin", "signed out everywhere"))
        .expectEvents(new AdminSessionsEnded("admin", 1, "signed out everywhere", NOW));
  }

  @Test
  void signingOutRecordsTheTokensIdAndExpiry() {
    fixture
        .givenNoPriorActivity()
        .when(new SignOutAdminSession("vera", "4c1e-jti", EXPIRY))
        .expectEvents(new AdminSessionSignedOut("vera", "4c1e-jti", EXPIRY, NOW));
    fixture
        .given(new AdminSessionSignedOut("vera", "older-jti", EXPIRY, NOW))
        .when(new SignOutAdminSession("vera", "4c1e-jti", EXPIRY))
        .expectEvents(new AdminSessionSignedOut("vera", "4c1e-jti", EXPIRY, NOW));
  }

  @Test
  void incompleteCommandsAreRefusedBeforeAnythingIsRecorded() {
    fixture
        .givenNoPriorActivity()
        .when(new SignOutAdminSession("admin", " ", EXPIRY))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
    fixture
        .givenNoPriorActivity()
        .when(new SignOutAdminSession("admin", "4c1e-jti", null))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
    fixture
        .given(FIRST)
        .when(new RecordBootstrapCredential("admin", ""))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
    fixture
        .givenNoPriorActivity()
        .when(new EndAdminSessions("admin", null))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void eachNameHasItsOwnStreamApartFromAdminUsers() {
    assertThat(new SignOutAdminSession("demo", "jti", EXPIRY).streamId())
        .isEqualTo("admin-sessions/demo")
        .isEqualTo(new EndAdminSessions("demo", "why").streamId())
        .isEqualTo(new RecordBootstrapCredential("demo", "fp").streamId());
  }
}
