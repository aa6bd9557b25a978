package io.llmproxy.query.reconciliation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The answer of a reconciliation: where a provider's export and the ledger disagree per UTC day and
 * model. Values are the provider's minus the ledger's.
 *
 * @param provider the configured provider name(s) whose ledger entries were compared
 * @param fields the figures compared, which are those the export format carries
 * @param rowsCompared day-and-model pairs present on both sides
 * @param matches true when there is no difference beyond the tolerances and no one-sided row
 * @param modelMatches groups of differently named models compared under one name
 * @param notes what was left out of the comparison, and why
 */
record ReconciliationReport(
    String id,
    Instant createdAt,
    String provider,
    String format,
    Period period,
    Tolerance tolerance,
    List<String> fields,
    int rowsCompared,
    boolean matches,
    List<Difference> differences,
    List<Row> onlyInExport,
    List<Row> onlyInLedger,
    List<ModelMatching.Match> modelMatches,
    Totals totals,
    List<String> notes) {

  /** Whole UTC days, both included. */
  record Period(LocalDate from, LocalDate to) {}

  record Tolerance(long tokens, @JsonSerialize(using = PlainDecimal.class) BigDecimal cost) {}

  record Difference(
      LocalDate day,
      String model,
      String field,
      @JsonSerialize(using = PlainDecimal.class) BigDecimal providerValue,
      @JsonSerialize(using = PlainDecimal.class) BigDecimal ledgerValue,
      @JsonSerialize(using = PlainDecimal.class) BigDecimal difference) {}

  /** A day and model on one side only, with the figures the format carries. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Row(
      LocalDate day,
      String model,
      Long requests,
      Long inputTokens,
      Long outputTokens,
      Long cachedTokens,
      Long cacheWriteTokens,
      @JsonSerialize(using = PlainDecimal.class) BigDecimal cost) {

    static Row of(LocalDate day, String model, Figures figures, Set<Field> fields) {
      return new Row(
          day,
          model,
          fields.contains(Field.REQUESTS) ? figures.requests() : null,
          fields.contains(Field.INPUT_TOKENS) ? figures.inputTokens() : null,
          fields.contains(Field.OUTPUT_TOKENS) ? figures.outputTokens() : null,
          fields.contains(Field.CACHED_TOKENS) ? figures.cachedTokens() : null,
          fields.contains(Field.CACHE_WRITE_TOKENS) ? figures.cacheWriteTokens() : null,
          fields.contains(Field.COST) ? figures.cost() : null);
    }
  }

  /** Sums over the whole period on each side, one-sided rows included. */
  record Totals(Row export, Row ledger) {}
}
