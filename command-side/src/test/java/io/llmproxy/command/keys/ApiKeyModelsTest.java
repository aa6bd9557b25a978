package io.llmproxy.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.IssueApiKey;
import io.llmproxy.kernel.keys.KeyAttributes;
import io.llmproxy.kernel.keys.UpdateApiKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a key's model list means: {@code ["*"]} every alias, empty none, never both at once. */
class ApiKeyModelsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String HASH = "a".repeat(64);

  private AggregateTestFixture<ApiKey> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ApiKey.class);
    fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    fixture.registerInjectableResource((TeamDirectory) teamId -> false);
  }

  @Test
  void aKeyIssuedWithNoModelsIsRecordedAsReachingNone() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", HASH, "p", models()))
        .expectEvents(new ApiKeyIssued("k1", HASH, "p", models(), NOW));
    assertThat(KeyAttributes.allows(List.of(), "gpt")).isFalse();
  }

  @Test
  void aKeyIssuedForEveryAliasSaysSoExplicitly() {
    fixture
        .givenNoPriorActivity()
        .when(new IssueApiKey("k1", HASH, "p", models("*")))
        .expectEvents(new ApiKeyIssued("k1", HASH, "p", models("*"), NOW));
    assertThat(KeyAttributes.allows(List.of("*"), "gpt")).isTrue();
    assertThat(KeyAttributes.allows(List.of("*"), "any-alias-added-later")).isTrue();
  }

  @Test
  void aRestrictedKeyReachesOnlyItsAliases() {
    assertThat(KeyAttributes.allows(List.of("gpt", "claude"), "claude")).isTrue();
    assertThat(KeyAttributes.allows(List.of("gpt", "claude"), "gemini")).isFalse();
  }

  @Test
  void everyAliasCannotBeListedBesideOtherAliases() {
    assertThatThrownBy(() -> models("*", "gpt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(KeyAttributes.EVERY_ALIAS_ALONE);
    fixture
        .given(new ApiKeyIssued("k1", HASH, "p", models("gpt"), NOW))
        .when(update(List.of("gpt", "*")))
        .expectException(IllegalArgumentException.class)
        .expectNoEvents();
  }

  @Test
  void emptyingARestrictedKeysModelsLeavesItReachingNone() {
    fixture
        .given(new ApiKeyIssued("k1", HASH, "p", models("gpt"), NOW))
        .when(update(List.of()))
        .expectResultMessagePayload(models())
        .expectEvents(new ApiKeyUpdated("k1", models(), NOW));
  }

  @Test
  void aRestrictedKeyCanBeOpenedToEveryAliasAndClosedAgain() {
    fixture
        .given(new ApiKeyIssued("k1", HASH, "p", models("gpt"), NOW))
        .when(update(List.of("*")))
        .expectEvents(new ApiKeyUpdated("k1", models("*"), NOW));
    fixture
        .given(
            new ApiKeyIssued("k1", HASH, "p", models("gpt"), NOW),
            new ApiKeyUpdated("k1", models("*"), NOW))
        .when(update(List.of("gpt")))
        .expectEvents(new ApiKeyUpdated("k1", models("gpt"), NOW));
  }

  @Test
  void changingSomethingElseKeepsEveryAlias() {
    fixture
        .given(new ApiKeyIssued("k1", HASH, "p", models("*"), NOW))
        .when(new UpdateApiKey("k1", "renamed", null, null, null, null, null, null, null, null))
        .expectEvents(
            new ApiKeyUpdated(
                "k1",
                new KeyAttributes("renamed", List.of("*"), null, null, null, null, null, null),
                NOW));
  }

  private static KeyAttributes models(String... aliases) {
    return new KeyAttributes("name", List.of(aliases), null, null, null, null, null, null);
  }

  private static UpdateApiKey update(List<String> models) {
    return new UpdateApiKey("k1", null, models, null, null, null, null, null, null, null);
  }
}
