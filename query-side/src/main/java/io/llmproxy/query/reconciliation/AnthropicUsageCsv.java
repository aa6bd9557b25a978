package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;

/**
 * The usage CSV the Anthropic Console exports: one line per {@code usage_date_utc} (a day, or a
 * minute or hour as {@code 2026-01-31 15:04}) and {@code model_version} (and key, workspace…), with
 * input split into {@code usage_input_tokens_no_cache}, {@code usage_input_tokens_cache_read},
 * {@code usage_input_tokens_cache_write_5m} and {@code usage_input_tokens_cache_write_1h}, and
 * {@code usage_output_tokens}. As with the API report, input is their sum and there is no request
 * count.
 */
final class AnthropicUsageCsv implements ExportParser {

  @Override
  public ParsedExport parse(byte[] export) {
    CsvTable table = CsvTable.read(export);
    table.require(
        "usage_date_utc", "model_version", "usage_input_tokens_no_cache", "usage_output_tokens");
    ExportRows rows = new ExportRows();
    for (CsvTable.Row row : table.rows()) {
      long uncached = row.count("usage_input_tokens_no_cache");
      long cacheRead = row.count("usage_input_tokens_cache_read");
      long cacheWrite =
          row.count("usage_input_tokens_cache_write_5m")
              + row.count("usage_input_tokens_cache_write_1h");
      long output = row.count("usage_output_tokens");
      String model = row.get("model_version");
      if (model.isEmpty()) {
        throw new ExportParseException(row.where("model_version") + " is empty");
      }
      if ("batch".equalsIgnoreCase(row.get("usage_type"))) {
        rows.ignore(AnthropicUsageJson.BATCH);
        continue;
      }
      rows.add(
          ExportValues.utcDay(row.get("usage_date_utc"), row.where("usage_date_utc")),
          model,
          new Figures(
              0,
              uncached + cacheRead + cacheWrite,
              output,
              cacheRead,
              cacheWrite,
              BigDecimal.ZERO));
    }
    return rows.done();
  }
}
