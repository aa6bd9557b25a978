package io.llmproxy.command.keys;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyRevoked;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.RevokeApiKey;
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
        .when(new IssueApiKey("k1", " team key ", HASH, "sk-llmp-k1-abcd…", List.of("gpt"), null))
        .expectSuccessfulHandlerExecution()
        .expectEvents(
            new ApiKeyIssued(
                "k1", "team key", HASH, "sk-llmp-k1-abcd…", List.of("gpt"), null, NOW));
  }

  @Test
  void aKeyNeedsAName() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "  ", HASH, "p", List.of(), null))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void aKeyNeedsAFullHash() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "name", "abc", "p", List.of(), null))
        .expectException(IllegalArgumentException.class);
  }

  @Test
  void anExpiryInThePastIsRefused() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", "name", HASH, "p", List.of(), NOW.minusSeconds(1)))
        .expectException(IllegalArgumentException.class)
        .expectExceptionMessage("expires_at must be in the future");
  }

  @Test
  void revokingAnActiveKey() {
    fixture
        .given(new ApiKeyIssued("k1", "name", HASH, "p", List.of(), null, NOW))
        .when(new RevokeApiKey("k1", "leaked"))
        .expectEvents(new ApiKeyRevoked("k1", "leaked", NOW));
  }

  @Test
  void revokingTwiceChangesNothing() {
    fixture
        .given(
            new ApiKeyIssued("k1", "name", HASH, "p", List.of(), null, NOW),
            new ApiKeyRevoked("k1", "leaked", NOW))
        .when(new RevokeApiKey("k1", "again"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }
}
