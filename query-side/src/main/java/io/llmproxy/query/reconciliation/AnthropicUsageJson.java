package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Anthropic's Messages usage report ({@code GET /v1/organizations/usage_report/messages}) queried
 * with {@code group_by[]=model}: pages of buckets with RFC 3339 {@code starting_at}/{@code
 * ending_at}, one result per model.
 *
 * <p>Anthropic counts input in three disjoint parts: {@code uncached_input_tokens}, {@code
 * cache_read_input_tokens} and the cache writes in {@code cache_creation} ({@code
 * ephemeral_5m_input_tokens} + {@code ephemeral_1h_input_tokens}). Their sum is comparable with the
 * ledger's prompt tokens, which include cached and cache-write tokens. The report has no request
 * count.
 */
final class AnthropicUsageJson implements ExportParser {

  static final String BATCH =
      "Anthropic Message Batches usage (service tier batch): the proxy does not relay batches";

  @Override
  public ParsedExport parse(byte[] export) {
    ExportRows rows = new ExportRows();
    for (JsonAt page : JsonAt.read(export).pages()) {
      for (JsonAt bucket : page.items("data")) {
        LocalDate day = day(bucket);
        for (JsonAt result : bucket.items("results")) {
          read(result, day, rows);
        }
      }
    }
    return rows.done();
  }

  static LocalDate day(JsonAt bucket) {
    Instant start = bucket.instant("starting_at");
    Instant end = bucket.field("ending_at").isPresent() ? bucket.instant("ending_at") : null;
    return ExportValues.bucketDay(start, end, bucket.path());
  }

  private static void read(JsonAt result, LocalDate day, ExportRows rows) {
    long uncached = result.wholeNumber("uncached_input_tokens");
    long cacheRead = result.wholeNumberOrZero("cache_read_input_tokens");
    long cacheWrite = cacheWrites(result);
    long output = result.wholeNumber("output_tokens");
    String model = result.text("model");
    if (model == null || model.isBlank()) {
      if (uncached + cacheRead + cacheWrite + output == 0) {
        return;
      }
      throw new ExportParseException(
          result.path() + ".model is missing: request the report with group_by[]=model");
    }
    if ("batch".equals(result.text("service_tier"))) {
      rows.ignore(BATCH);
      return;
    }
    long input = uncached + cacheRead + cacheWrite;
    rows.add(day, model, new Figures(0, input, output, cacheRead, cacheWrite, BigDecimal.ZERO));
  }

  /** Nested under {@code cache_creation} in the API's answer; flat in some schema renderings. */
  private static long cacheWrites(JsonAt result) {
    JsonAt nested = result.field("cache_creation");
    if (nested.isPresent()) {
      return nested.wholeNumberOrZero("ephemeral_5m_input_tokens")
          + nested.wholeNumberOrZero("ephemeral_1h_input_tokens");
    }
    return result.wholeNumberOrZero("cache_creation_5m_input_tokens")
        + result.wholeNumberOrZero("cache_creation_1h_input_tokens");
  }
}
