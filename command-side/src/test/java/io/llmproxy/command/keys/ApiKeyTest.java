package io.llmproxy.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyResumed;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.ApiKeySuspended;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.keys.ResumeApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
import io.llmproxy.kernel.keys.SuspendApiKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String HASH = "a".repeat(64);

  private AggregateTestFixture<ApiKey> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ApiKey.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void issuingAKeyRecordsOnlyItsHashAndPrefix() {
    fixture
        .givenNoPriorActivity()
        .when(
            new IssueApiKey(
                "k1", " team key ", HASH, "sk-llmp-k1-abcd…", List.of("gpt"), null, null))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new ApiKeyIssued(
                "k1", "team key", HASH, "sk-llmp-k1-abcd…", List.of("gpt"), null, NOW, null));
  }

  @Test
  void aKeyCarriesItsRateLimitsIntoItsEvent() {
    RateLimits limits = new RateLimits(60L, 10_000L);
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "limited", HASH, "p", List.of(), null, limits))
        .expectEvents(new ApiKeyIssued("k1", "limited", HASH, "p", List.of(), null, NOW, limits));
  }

  @Test
  void rateLimitsMustBePositiveAndAbsentMeansNone() {
    assertThatThrownBy(() -> new RateLimits(0L, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimits(null, -5L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new IssueApiKey("k1", "n", HASH, "p", List.of(), null, null).limits().isUnlimited())
        .isTrue();
  }

  @Test
  void aKeyNeedsAName() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "  ", HASH, "p", List.of(), null, null))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void aKeyNeedsAFullHash() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "name", "abc", "p", List.of(), null, null))
        .expectException(IllegalArgumentException.class);
  }

  @Test
  void anExpiryInThePastIsRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "name", HASH, "p", List.of(), NOW.minusSeconds(1), null))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("expires_at must be in the future");
  }

  @Test
  void revokingAnActiveKey() {
    fixture
        .given(new ApiKeyIssued("k1", "name", HASH, "p", List.of(), null, NOW, null))
        .when(new RevokeApiKey("k1", "leaked"))
        .expectEvents(new ApiKeyRevoked("k1", "leaked", NOW));
  }

  @Test
  void revokingTwiceChangesNothing() {
    fixture
        .given(
            new ApiKeyIssued("k1", "name", HASH, "p", List.of(), null, NOW, null),
            new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new RevokeApiKey("k1", "again"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void suspendingAndResumingAreReversibleAndIdempotent() {
    ApiKeyIssued issued = new ApiKeyIssued("k1", "name", HASH, "p", List.of(), null, NOW, null);
    fixture
        .given(issued)
        .when(new SuspendApiKey("k1", "billing dispute"))
        .expectEvents(new ApiKeySuspended("k1", "billing dispute", NOW));
    fixture
        .given(issued, new ApiKeySuspended("k1", "once", NOW))
        .when(new SuspendApiKey("k1", "twice"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
    fixture
        .given(issued, new ApiKeySuspended("k1", "once", NOW))
        .when(new ResumeApiKey("k1"))
        .expectEvents(new ApiKeyResumed("k1", NOW));
    fixture.given(issued).when(new ResumeApiKey("k1")).expectNoEvents();
  }

  @Test
  void aRevokedKeyCanBeNeitherSuspendedNorResumed() {
    ApiKeyIssued issued = new ApiKeyIssued("k1", "name", HASH, "p", List.of(), null, NOW, null);
    fixture
        .given(issued, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new SuspendApiKey("k1", "too late"))
        .expectException(IllegalStateException.class)
        .expectNoEvents();
    fixture
        .given(issued, new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new ResumeApiKey("k1"))
        .expectException(IllegalStateException.class);
  }
}
