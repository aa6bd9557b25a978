package io.llmproxy.query.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;

/**
 * OpenAI's organization Usage API answer ({@code GET /v1/organization/usage/completions}, and
 * {@code /embeddings}) queried with {@code group_by=model}: pages of buckets with {@code
 * start_time}/{@code end_time} in Unix seconds, each holding one result per model.
 *
 * <p>{@code input_tokens} counts cached input too, like the ledger's prompt tokens; {@code
 * input_cached_tokens} is the cached part; {@code num_model_requests} the requests the model
 * served.
 */
final class OpenAiUsageJson implements ExportParser {

  static final String BATCH = "OpenAI Batch API usage: the proxy does not relay the Batch API";
  private static final Set<String> RESULT_OBJECTS =
      Set.of("organization.usage.completions.result", "organization.usage.embeddings.result");

  @Override
  public ParsedExport parse(byte[] export) {
    ExportRows rows = new ExportRows();
    for (JsonAt page : JsonAt.read(export).pages()) {
      for (JsonAt bucket : page.items("data")) {
        Instant start = Instant.ofEpochSecond(bucket.wholeNumber("start_time"));
        Instant end =
            bucket.field("end_time").isPresent()
                ? Instant.ofEpochSecond(bucket.wholeNumber("end_time"))
                : null;
        LocalDate day = ExportValues.bucketDay(start, end, bucket.path());
        // the API reference has named the list both "results" and "result"
        for (JsonAt result : bucket.items("results", "result")) {
          read(result, day, rows);
        }
      }
    }
    return rows.done();
  }

  private static void read(JsonAt result, LocalDate day, ExportRows rows) {
    String object = result.text("object");
    if (object != null && !RESULT_OBJECTS.contains(object)) {
      throw new ExportParseException(
          result.path()
              + ".object is \""
              + ExportValues.shorten(object)
              + "\": only completions and embeddings usage can be compared with the ledger");
    }
    if ("true".equals(result.text("batch"))) {
      rows.ignore(BATCH);
      return;
    }
    long requests = result.wholeNumber("num_model_requests");
    long input = result.wholeNumber("input_tokens");
    long output = result.wholeNumberOrZero("output_tokens"); // embeddings have none
    long cached = result.wholeNumberOrZero("input_cached_tokens");
    String model = result.text("model");
    if (model == null || model.isBlank()) {
      if (requests == 0 && input == 0 && output == 0) {
        return; // an empty bucket
      }
      throw new ExportParseException(
          result.path() + ".model is missing: query the Usage API with group_by=model");
    }
    rows.add(day, model, new Figures(requests, input, output, cached, 0, BigDecimal.ZERO));
  }
}
