package io.llmproxy.query.reconciliation;

import static io.llmproxy.query.reconciliation.ExportFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.llmproxy.query.reconciliation.ReconciliationReport.Difference;
import io.llmproxy.query.reconciliation.ReconciliationReport.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate JAN_2 = LocalDate.of(2026, 1, 2);
  private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

  private final List<LedgerLine> ledger =
      List.of(
          line(JAN_1, "gpt-4o-mini", tokens(10, 5000, 1200, 1024, 0)),
          line(JAN_1, "gpt-4o", tokens(3, 900, 250, 0, 0)),
          line(JAN_2, "gpt-4o-mini", tokens(2, 700, 80, 0, 0)),
          // only refused attempts: nothing the provider would have counted
          line(JAN_2, "gpt-4o", Figures.ZERO));

  @Test
  void anExportThatAgreesLeavesNothingToReport() {
    ParsedExport export =
        export(
            new ExportRow(JAN_1, "gpt-4o-mini-2024-07-18", tokens(6, 3000, 700, 1024, 0)),
            new ExportRow(JAN_1, "gpt-4o-mini-2024-07-18", tokens(4, 2000, 500, 0, 0)),
            new ExportRow(JAN_1, "gpt-4o-2024-08-06", tokens(3, 900, 250, 0, 0)),
            new ExportRow(JAN_2, "gpt-4o-mini-2024-07-18", tokens(2, 700, 80, 0, 0)));

    ReconciliationReport report = reconcile(query(0), export);

    assertThat(report.matches()).isTrue();
    assertThat(report.differences()).isEmpty();
    assertThat(report.onlyInExport()).isEmpty();
    assertThat(report.onlyInLedger()).isEmpty();
    // the day with refused attempts only is on the ledger side alone, and empty: not listed
    assertThat(report.rowsCompared()).isEqualTo(3);
    assertThat(report.totals().export()).isEqualTo(report.totals().ledger());
    assertThat(report.totals().export().inputTokens()).isEqualTo(6600);
    assertThat(report.totals().export().cost()).isNull(); // not in this format
    assertThat(report.modelMatches())
        .extracting(ModelMatching.Match::model)
        .containsExactly("gpt-4o", "gpt-4o-mini");
  }

  @Test
  void plantedDifferencesAreReportedAndNothingElse() {
    ParsedExport export =
        export(
            new ExportRow(JAN_1, "gpt-4o-mini", tokens(10, 6000, 1200, 1024, 0)),
            new ExportRow(JAN_1, "gpt-4.1-nano", tokens(1, 50, 5, 0, 0)),
            new ExportRow(JAN_2, "gpt-4o-mini", tokens(2, 700, 80, 0, 0)));

    ReconciliationReport report = reconcile(query(0), export);

    assertThat(report.matches()).isFalse();
    assertThat(report.differences())
        .containsExactly(
            new Difference(
                JAN_1,
                "gpt-4o-mini",
                "input_tokens",
                BigDecimal.valueOf(6000),
                BigDecimal.valueOf(5000),
                BigDecimal.valueOf(1000)));
    assertThat(report.onlyInExport())
        .containsExactly(new Row(JAN_1, "gpt-4.1-nano", 1L, 50L, 5L, 0L, null, null));
    assertThat(report.onlyInLedger())
        .containsExactly(new Row(JAN_1, "gpt-4o", 3L, 900L, 250L, 0L, null, null));
    assertThat(report.rowsCompared()).isEqualTo(2);
  }

  @Test
  void differencesWithinTheToleranceAreNotReportedButRequestsAreAlwaysExact() {
    ParsedExport export =
        export(
            new ExportRow(JAN_1, "gpt-4o-mini", tokens(11, 5003, 1197, 1024, 0)),
            new ExportRow(JAN_1, "gpt-4o", tokens(3, 900, 250, 0, 0)),
            new ExportRow(JAN_2, "gpt-4o-mini", tokens(2, 700, 80, 0, 0)));

    ReconciliationReport report = reconcile(query(3), export);

    assertThat(report.differences())
        .extracting(Difference::field, Difference::difference)
        .containsExactly(tuple("requests", BigDecimal.ONE));
  }

  @Test
  void rowsOutsideThePeriodAndIgnoredRowsAreNamedInTheNotes() {
    ParsedExport export =
        new ParsedExport(
            List.of(
                new ExportRow(JAN_1.minusDays(1), "gpt-4o-mini", tokens(1, 1, 1, 0, 0)),
                new ExportRow(JAN_1, "gpt-4o-mini", tokens(10, 5000, 1200, 1024, 0)),
                new ExportRow(JAN_1, "gpt-4o", tokens(3, 900, 250, 0, 0)),
                new ExportRow(JAN_2, "gpt-4o-mini", tokens(2, 700, 80, 0, 0))),
            Map.of(OpenAiUsageJson.BATCH, 2));

    ReconciliationReport report = reconcile(query(0), export);

    assertThat(report.matches()).isTrue();
    assertThat(report.notes())
        .containsExactly(
            "2 export rows ignored: " + OpenAiUsageJson.BATCH,
            "1 export rows fall outside the period and were ignored");
  }

  @Test
  void costsAreComparedExactlyAndUnpricedLedgerEntriesAreNoted() {
    var query =
        new ReconciliationQuery(
            Set.of("claude"),
            ExportFormat.ANTHROPIC_COST_JSON,
            JAN_1,
            JAN_2,
            0,
            new BigDecimal("0.000001"));
    List<LedgerLine> costs =
        List.of(
            new LedgerLine(JAN_1, "claude-sonnet-4-5", cost("0.01206"), 3, 0, 0),
            new LedgerLine(JAN_2, "claude-sonnet-4-5", cost("0.0100005"), 2, 0, 1));
    ParsedExport export =
        export(
            new ExportRow(JAN_1, "claude-sonnet-4-5-20250929", cost("0.0120605")),
            new ExportRow(JAN_2, "claude-sonnet-4-5-20250929", cost("0.0110005")));

    ReconciliationReport report = new Reconciler(query).compare(export, costs, "recon_t", NOW);

    assertThat(report.fields()).containsExactly("cost");
    assertThat(report.differences())
        .containsExactly(
            new Difference(
                JAN_2,
                "claude-sonnet-4-5",
                "cost",
                new BigDecimal("0.0110005"),
                new BigDecimal("0.0100005"),
                new BigDecimal("0.0010000")));
    assertThat(report.notes())
        .containsExactly(
            "1 ledger entries had no price, so their cost is missing on the ledger side");
  }

  private ReconciliationReport reconcile(ReconciliationQuery query, ParsedExport export) {
    return new Reconciler(query).compare(export, ledger, "recon_t", NOW);
  }

  private static ReconciliationQuery query(long toleranceTokens) {
    return new ReconciliationQuery(
        Set.of("openai"), ExportFormat.OPENAI_JSON, JAN_1, JAN_2, toleranceTokens, BigDecimal.ZERO);
  }

  private static ParsedExport export(ExportRow... rows) {
    return new ParsedExport(List.of(rows), Map.of());
  }

  private static LedgerLine line(LocalDate day, String model, Figures figures) {
    return new LedgerLine(day, model, figures, figures.requests(), 0, 0);
  }

  private static Figures cost(String usd) {
    return new Figures(0, 0, 0, 0, 0, new BigDecimal(usd));
  }
}
