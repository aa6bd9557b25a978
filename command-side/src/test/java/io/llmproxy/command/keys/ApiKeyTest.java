package io.llmproxy.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.KeyAttribute;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.keys.ResumeApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.RotateApiKey;
import io.llmproxy.kernel.keys.SuspendApiKey;
import io.llmproxy.kernel.keys.UpdateApiKey;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String HASH = "a".repeat(64);
  private static final String NEW_HASH = "b".repeat(64);
  private static final String TEAM = "team_aaaaaaaaaaaa";
  private static final KeyAttributes PLAIN =
      new KeyAttributes("name", List.of(), null, null, null, null, null, null);
  private static final ApiKeyIssued ISSUED = new ApiKeyIssued("k1", HASH, "p", PLAIN, NOW);

  private AggregateTestFixture<ApiKey> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ApiKey.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    fixture.registerInjectableResource((TeamDirectory) TEAM::equals);
  }

  @Test
  void issuingAKeyRecordsOnlyItsHashPrefixAndAttributes() {
    var attributes =
        new KeyAttributes(
            "team key",
            List.of("gpt"),
            NOW.plusSeconds(3600),
            new RateLimits(60L, 10_000L),
            "alice@example.com",
            TEAM,
            new Budget(new BigDecimal("12.50"), BudgetPeriod.MONTHLY, 80),
            Map.of("env", "prod"));
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", HASH, "sk-llmp-k1-abcd…", attributes))
        .expectSuccessfulHandlerExecution()
        .expectEvents(new ApiKeyIssued("k1", HASH, "sk-llmp-k1-abcd…", attributes, NOW));
  }

  @Test
  void issuedEventsWithoutTheLaterFieldsReadAsNone() {
    var old = new ApiKeyIssued("k1", "n", HASH, "p", null, null, NOW, null, null, null, null, null);
    assertThat(old.attributes())
        .isEqualTo(
            new KeyAttributes("n", List.of(), null, RateLimits.NONE, null, null, null, null));
  }

  @Test
  void rateLimitsMustBePositiveAndAbsentMeansNone() {
    assertThatThrownBy(() -> new RateLimits(0L, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimits(null, -5L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PLAIN.limits().isUnlimited()).isTrue();
  }

  @Test
  void aKeyNeedsANameAFullHashAFutureExpiryAndAnExistingTeam() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", HASH, "p", withName("  ")))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "abc", "p", PLAIN))
        .expectException(IllegalArgumentException.class);
    fixture
        .givenNoPriorActivity()
        .when(
            new IssueApiKey(
                "k1",
                HASH,
                "p",
                new KeyAttributes("n", null, NOW.minusSeconds(1), null, null, null, null, null)))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("expires_at must be in the future");
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", HASH, "p", inTeam("team_nosuchteam0")))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("team_id: no team team_nosuchteam0");
  }

  @Test
  void anUpdateChangesOnlyWhatItNamesAndCarriesTheWholeNewState() {
    var update =
        new UpdateApiKey(
            "k1",
            null,
            List.of("a", "b"),
            null,
            new RateLimits(5L, null),
            null,
            TEAM,
            null,
            null,
            null);
    KeyAttributes expected =
        new KeyAttributes(
            "name", List.of("a", "b"), null, new RateLimits(5L, null), null, TEAM, null, null);
    fixture
        .given(ISSUED)
        .when(update)
        .expectResultMessagePayload(expected)
        .expectEvents(new ApiKeyUpdated("k1", expected, NOW));
  }

  @Test
  void clearingAnAttributeSetsItBackToNone() {
    var limited =
        new KeyAttributes(
            "name", List.of(), NOW.plusSeconds(60), new RateLimits(5L, 5L), "o", TEAM, null, null);
    fixture
        .given(new ApiKeyIssued("k1", HASH, "p", limited, NOW))
        .when(
            new UpdateApiKey(
                "k1",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Set.of(KeyAttribute.EXPIRES_AT, KeyAttribute.LIMITS, KeyAttribute.TEAM)))
        .expectEvents(
            new ApiKeyUpdated(
                "k1",
                new KeyAttributes("name", List.of(), null, null, "o", null, null, null),
                NOW));
  }

  @Test
  void anUpdateThatChangesNothingRecordsNothing() {
    fixture
        .given(ISSUED)
        .when(new UpdateApiKey("k1", "name", null, null, null, null, null, null, null, null))
        .expectSuccessfulHandlerExecution()
        .expectResultMessagePayload(PLAIN)
        .expectNoEvents();
  }

  @Test
  void anUpdateIsCheckedLikeAnIssue() {
    fixture
        .given(ISSUED)
        .when(
            new UpdateApiKey(
                "k1", null, null, null, null, null, "team_gone0000000", null, null, null))
        .expectException(IllegalArgumentException.class);
    fixture
        .given(ISSUED)
        .when(
            new UpdateApiKey(
                "k1", null, null, NOW.minusSeconds(5), null, null, null, null, null, null))
        .expectException(IllegalArgumentException.class);
    fixture
        .given(ISSUED, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new UpdateApiKey("k1", "renamed", null, null, null, null, null, null, null, null))
        .expectException(IllegalStateException.class);
  }

  @Test
  void rotationKeepsThePreviousSecretForTheGracePeriod() {
    fixture
        .given(ISSUED)
        .when(new RotateApiKey("k1", NEW_HASH, "p2", Duration.ofHours(2)))
        .expectResultMessagePayload(NOW.plus(Duration.ofHours(2)))
        .expectEvents(
            new ApiKeyRotated("k1", NEW_HASH, "p2", HASH, NOW.plus(Duration.ofHours(2)), NOW));
  }

  @Test
  void aSecondRotationRetiresTheFirstSecretAtOnce() {
    String third = "c".repeat(64);
    fixture
        .given(ISSUED, new ApiKeyRotated("k1", NEW_HASH, "p2", HASH, NOW.plusSeconds(60), NOW))
        .when(new RotateApiKey("k1", third, "p3", Duration.ZERO))
        .expectEvents(new ApiKeyRotated("k1", third, "p3", NEW_HASH, NOW, NOW));
  }

  @Test
  void rotationNeedsALiveKeyAndABoundedGracePeriod() {
    fixture
        .given(ISSUED, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new RotateApiKey("k1", NEW_HASH, "p2", Duration.ZERO))
        .expectException(IllegalStateException.class);
    fixture
        .given(ISSUED)
        .when(new RotateApiKey("k1", NEW_HASH, "p2", Duration.ofDays(31)))
        .expectException(IllegalArgumentException.class);
    fixture
        .given(ISSUED)
        .when(new RotateApiKey("k1", NEW_HASH, "p2", Duration.ofSeconds(-1)))
        .expectException(IllegalArgumentException.class);
    fixture
        .given(ISSUED)
        .when(new RotateApiKey("k1", "short", "p2", Duration.ZERO))
        .expectException(IllegalArgumentException.class);
  }

  @Test
  void revokingAnActiveKey() {
    fixture
        .given(ISSUED)
        .when(new RevokeApiKey("k1", "leaked"))
        .expectEvents(new ApiKeyRevoked("k1", "leaked", NOW));
  }

  @Test
  void revokingTwiceChangesNothing() {
    fixture
        .given(ISSUED, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new RevokeApiKey("k1", "again"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void suspendingAndResumingAreReversibleAndIdempotent() {
    fixture
        .given(ISSUED)
        .when(new SuspendApiKey("k1", "billing dispute"))
        .expectEvents(new ApiKeySuspended("k1", "billing dispute", NOW));
    fixture
        .given(ISSUED, new ApiKeySuspended("k1", "once", NOW))
        .when(new SuspendApiKey("k1", "twice"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    fixture
        .given(ISSUED, new ApiKeySuspended("k1", "once", NOW))
        .when(new ResumeApiKey("k1"))
        .expectEvents(new ApiKeyResumed("k1", NOW));
    fixture.given(ISSUED).when(new ResumeApiKey("k1")).expectNoEvents();
  }

  @Test
  void aRevokedKeyCanBeNeitherSuspendedNorResumed() {
    fixture
        .given(ISSUED, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new SuspendApiKey("k1", "too late"))
        .expectException(IllegalStateException.class)
        .expectNoEvents();
    fixture
        .given(ISSUED, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new ResumeApiKey("k1"))
        .expectException(IllegalStateException.class);
  }

  private static KeyAttributes withName(String name) {
    return new KeyAttributes(name, null, null, null, null, null, null, null);
  }

  private static KeyAttributes inTeam(String teamId) {
    return new KeyAttributes("n", null, null, null, null, teamId, null, null);
  }
}
