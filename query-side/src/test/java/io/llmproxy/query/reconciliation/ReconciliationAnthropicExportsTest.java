package io.llmproxy.query.reconciliation;

import static io.llmproxy.query.reconciliation.ExportFixtures.fixture;
import static io.llmproxy.query.reconciliation.ExportFixtures.text;
import static io.llmproxy.query.reconciliation.ExportFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationAnthropicExportsTest {

  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate JAN_2 = LocalDate.of(2026, 1, 2);
  private static final String SONNET = "claude-sonnet-4-5-20250929";

  @Test
  void theUsageReportAddsUncachedCacheReadAndCacheWriteInputUp() {
    ParsedExport export =
        ExportFormat.ANTHROPIC_JSON.parse(fixture("anthropic-usage-messages.json"));

    // 1500 uncached + 200 read + 500 (5m) + 1000 (1h) written
    assertThat(export.rows())
        .containsExactly(
            new ExportRow(JAN_1, SONNET, tokens(0, 3200, 500, 200, 1500)),
            new ExportRow(JAN_1, "claude-haiku-4-5-20251001", tokens(0, 42, 7, 0, 0)));
    assertThat(export.ignored()).isEqualTo(Map.of(AnthropicUsageJson.BATCH, 1));
  }

  @Test
  void flatCacheCreationFieldsCountLikeTheNestedOnes() {
    String json =
        "{\"data\":[{\"starting_at\":\"2026-01-02T00:00:00Z\",\"ending_at\":\"2026-01-02T01:00:00Z\","
            + "\"results\":[{\"model\":\"claude-opus-4-1\",\"uncached_input_tokens\":10,"
            + "\"cache_read_input_tokens\":5,\"cache_creation_5m_input_tokens\":3,"
            + "\"cache_creation_1h_input_tokens\":2,\"output_tokens\":4}]}]}";

    assertThat(ExportFormat.ANTHROPIC_JSON.parse(text(json)).rows())
        .containsExactly(new ExportRow(JAN_2, "claude-opus-4-1", tokens(0, 20, 4, 5, 5)));
  }

  @Test
  void theConsoleCsvReadsQuotedCellsDaysAndMinutes() {
    ParsedExport export = ExportFormat.ANTHROPIC_CSV.parse(fixture("anthropic-console-usage.csv"));

    assertThat(export.rows())
        .containsExactly(
            new ExportRow(JAN_1, SONNET, tokens(0, 3200, 500, 200, 1500)),
            new ExportRow(JAN_1, SONNET, tokens(0, 10, 3, 0, 0)),
            new ExportRow(JAN_2, "claude-haiku-4-5-20251001", tokens(0, 42, 7, 0, 0)));
    assertThat(export.ignored()).isEqualTo(Map.of(AnthropicUsageJson.BATCH, 1));
  }

  @Test
  void aConsoleDateInAnotherZoneIsRefused() {
    String csv =
        "usage_date_utc,model_version,usage_input_tokens_no_cache,usage_output_tokens\n"
            + "2026-01-01 10:00+02:00,claude-sonnet-4-5,1,1\n";

    assertThatThrownBy(() -> ExportFormat.ANTHROPIC_CSV.parse(text(csv)))
        .hasMessageContaining("line 2, usage_date_utc")
        .hasMessageContaining("is not a UTC date");
  }

  @Test
  void aNegativeCountIsRefusedWithItsPath() {
    String json =
        "{\"data\":[{\"starting_at\":\"2026-01-01T00:00:00Z\",\"results\":[{\"model\":\"m\","
            + "\"uncached_input_tokens\":-3,\"output_tokens\":1}]}]}";

    assertThatThrownBy(() -> ExportFormat.ANTHROPIC_JSON.parse(text(json)))
        .hasMessage("data[0].results[0].uncached_input_tokens: -3 is negative");
  }

  @Test
  void theCostReportTurnsCentsIntoDollarsPerModelAndLeavesOtherChargesOut() {
    ParsedExport export =
        ExportFormat.ANTHROPIC_COST_JSON.parse(fixture("anthropic-cost-report.json"));

    // 0.45 + 0.75 + 0.006 cents
    assertThat(export.rows()).hasSize(3);
    BigDecimal total =
        export.rows().stream()
            .map(row -> row.figures().cost())
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total).isEqualByComparingTo("0.01206");
    assertThat(export.rows()).allSatisfy(row -> assertThat(row.model()).isEqualTo(SONNET));
    assertThat(export.ignored()).isEqualTo(Map.of(AnthropicCostJson.NOT_TOKENS, 1));
  }

  @Test
  void aCostInAnotherCurrencyIsRefused() {
    String json =
        "{\"data\":[{\"starting_at\":\"2026-01-01T00:00:00Z\",\"results\":[{\"model\":\"m\","
            + "\"amount\":\"5\",\"currency\":\"EUR\",\"cost_type\":\"tokens\"}]}]}";

    assertThatThrownBy(() -> ExportFormat.ANTHROPIC_COST_JSON.parse(text(json)))
        .hasMessage("data[0].results[0].currency is EUR: the ledger is kept in USD");
  }

  @Test
  void aCostReportNotGroupedByDescriptionIsRefusedWithTheQueryThatFixesIt() {
    String json =
        "{\"data\":[{\"starting_at\":\"2026-01-01T00:00:00Z\",\"results\":[{\"model\":null,"
            + "\"amount\":\"12.5\",\"currency\":\"USD\",\"cost_type\":null}]}]}";

    assertThatThrownBy(() -> ExportFormat.ANTHROPIC_COST_JSON.parse(text(json)))
        .hasMessageContaining("group_by[]=description");
  }
}
