package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The CSV the OpenAI usage dashboard exports for completions ({@code completions_usage_<from>_<to>
 * .csv}): the Usage API's results flattened, one line per bucket and model (and project, user or
 * key when grouped so), with {@code start_time}/{@code end_time} in Unix seconds and {@code
 * start_time_iso}/{@code end_time_iso}. Counts may be written as {@code 10.0}; buckets without
 * usage are lines with only their times.
 */
final class OpenAiUsageCsv implements ExportParser {

  @Override
  public ParsedExport parse(byte[] export) {
    CsvTable table = CsvTable.read(export);
    table.require("model", "num_model_requests", "input_tokens", "output_tokens");
    boolean iso = table.has("start_time_iso");
    if (!iso) {
      table.require("start_time");
    }
    ExportRows rows = new ExportRows();
    for (CsvTable.Row row : table.rows()) {
      long requests = row.count("num_model_requests");
      long input = row.count("input_tokens");
      long output = row.count("output_tokens");
      long cached = row.count("input_cached_tokens");
      String model = row.get("model");
      if (model.isEmpty()) {
        if (requests == 0 && input == 0 && output == 0) {
          continue; // a bucket without usage
        }
        throw new ExportParseException(
            row.where("model") + " is empty: export the usage grouped by model");
      }
      if ("true".equalsIgnoreCase(row.get("batch"))) {
        rows.ignore(OpenAiUsageJson.BATCH);
        continue;
      }
      rows.add(
          day(row, iso), model, new Figures(requests, input, output, cached, 0, BigDecimal.ZERO));
    }
    return rows.done();
  }

  private static LocalDate day(CsvTable.Row row, boolean iso) {
    String startColumn = iso ? "start_time_iso" : "start_time";
    String endColumn = iso ? "end_time_iso" : "end_time";
    Instant start = time(row, startColumn, iso);
    if (start == null) {
      throw new ExportParseException(row.where(startColumn) + " is empty");
    }
    return ExportValues.bucketDay(start, time(row, endColumn, iso), "line " + row.line());
  }

  private static Instant time(CsvTable.Row row, String column, boolean iso) {
    String text = row.get(column);
    if (text == null || text.isEmpty()) {
      return null;
    }
    return iso
        ? ExportValues.instant(text, row.where(column))
        : ExportValues.epochSeconds(text, row.where(column));
  }
}
