package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Anthropic's cost report ({@code GET /v1/organizations/cost_report}) queried with {@code
 * group_by[]=description}, so each result names its {@code model}: buckets of results whose {@code
 * amount} is a decimal string in cents ("123.45" is 1.2345 USD). Token costs of all token types add
 * up to a model's cost for the day; web search and code execution charges are not token costs and
 * the ledger does not price them.
 */
final class AnthropicCostJson implements ExportParser {

  static final String NOT_TOKENS =
      "charges other than tokens (web search, code execution): the ledger prices tokens only";
  private static final BigDecimal CENTS_PER_DOLLAR = BigDecimal.valueOf(100);

  @Override
  public ParsedExport parse(byte[] export) {
    ExportRows rows = new ExportRows();
    for (JsonAt page : JsonAt.read(export).pages()) {
      for (JsonAt bucket : page.items("data")) {
        LocalDate day = AnthropicUsageJson.day(bucket);
        for (JsonAt result : bucket.items("results")) {
          read(result, day, rows);
        }
      }
    }
    return rows.done();
  }

  private static void read(JsonAt result, LocalDate day, ExportRows rows) {
    String currency = result.text("currency");
    if (currency != null && !"USD".equals(currency.toUpperCase(Locale.ROOT))) {
      throw new ExportParseException(
          result.path() + ".currency is " + currency + ": the ledger is kept in USD");
    }
    BigDecimal cents = result.decimal("amount");
    String costType = result.text("cost_type");
    if (costType != null && !"tokens".equals(costType)) {
      rows.ignore(NOT_TOKENS);
      return;
    }
    if ("batch".equals(result.text("service_tier"))) {
      rows.ignore(AnthropicUsageJson.BATCH);
      return;
    }
    String model = result.text("model");
    if (model == null || model.isBlank()) {
      if (cents.signum() == 0) {
        return;
      }
      throw new ExportParseException(
          result.path() + ".model is missing: request the report with group_by[]=description");
    }
    BigDecimal dollars = cents.divide(CENTS_PER_DOLLAR); // exact: dividing by 100 terminates
    rows.add(day, model, new Figures(0, 0, 0, 0, 0, dollars));
  }
}
