package io.llmproxy.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyRotated;
import io.llmproxy.kernel.keys.RateLimits;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadSummaryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HASH = "a".repeat(64);
  private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456Z");

  @Test
  void secretLookingFieldsAreLeftOutAtEveryDepth() throws Exception {
    var issued =
        new ApiKeyIssued(
            "k1",
            "checkout",
            HASH,
            "sk-llmp-k1-abcd…",
            List.of("demo"),
            null,
            AT,
            new RateLimits(100L, 5000L),
            "dana",
            null,
            new Budget(new BigDecimal("250.50"), BudgetPeriod.MONTHLY, 80),
            Map.of("env", "prod", "ci_token", "xyz", "PasswordHint", "abc"));

    JsonNode summary = JSON.readTree(PayloadSummary.of(issued));

    assertThat(summary.path("key_id").asText()).isEqualTo("k1");
    assertThat(summary.path("display_prefix").asText()).isEqualTo("sk-llmp-k1-abcd…");
    assertThat(summary.path("issued_at").asText()).isEqualTo("2026-03-01T10:15:30.123456Z");
    assertThat(summary.path("budget").path("limit_usd").decimalValue())
        .isEqualByComparingTo("250.50");
    assertThat(summary.has("secret_hash")).isFalse();
    assertThat(summary.path("limits").path("requests_per_minute").asLong()).isEqualTo(100);
    assertThat(summary.path("limits").has("tokens_per_minute")).isFalse();
    assertThat(summary.path("metadata").path("env").asText()).isEqualTo("prod");
    assertThat(summary.path("metadata").has("ci_token")).isFalse();
    assertThat(summary.path("metadata").has("PasswordHint")).isFalse();
    assertThat(summary.toString()).doesNotContain(HASH).doesNotContain("xyz");
  }

  @Test
  void bothSecretHashesOfARotationAreLeftOut() throws Exception {
    var rotated =
        new ApiKeyRotated("k1", HASH, "sk-llmp-k1-wxyz…", "b".repeat(64), AT.plusSeconds(60), AT);

    JsonNode summary = JSON.readTree(PayloadSummary.of(rotated));

    assertThat(summary.properties())
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder(
            "key_id", "display_prefix", "previous_valid_until", "rotated_at");
  }

  @Test
  void longTextAndLongListsAreCut() throws Exception {
    var issued =
        new ApiKeyIssued(
            "k1",
            "n".repeat(500),
            HASH,
            "p",
            Collections.nCopies(30, "alias"),
            null,
            AT,
            null,
            null,
            null,
            null,
            null);

    JsonNode summary = JSON.readTree(PayloadSummary.of(issued));

    assertThat(summary.path("name").asText()).hasSize(PayloadSummary.MAX_TEXT + 1).endsWith("…");
    assertThat(summary.path("allowed_models")).hasSize(PayloadSummary.MAX_ITEMS + 1);
    assertThat(summary.path("allowed_models").get(PayloadSummary.MAX_ITEMS).asText())
        .isEqualTo("… 10 more");
  }
}
