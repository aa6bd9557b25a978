package io.llmproxy.query.statements;

import io.llmproxy.query.readmodel.CsvText;
import java.util.List;

/**
 * A statement as CSV (RFC 4180, CRLF line ends): a header, one {@code model} row per provider and
 * model, and a final {@code total} row. Costs are exact decimal text in US dollars.
 */
final class StatementCsv {

  static final String HEADER =
      row(
          List.of(
              "line",
              "provider",
              "model",
              "requests",
              "prompt_tokens",
              "completion_tokens",
              "total_tokens",
              "cached_tokens",
              "cache_write_tokens",
              "cost_usd",
              "unpriced_requests"));

  private StatementCsv() {}

  static String line(StatementLine line) {
    return row(
        List.of(
            "model",
            line.provider(),
            line.model(),
            Long.toString(line.requests()),
            Long.toString(line.promptTokens()),
            Long.toString(line.completionTokens()),
            Long.toString(line.totalTokens()),
            Long.toString(line.cachedTokens()),
            Long.toString(line.cacheWriteTokens()),
            line.cost(),
            Long.toString(line.unpricedRequests())));
  }

  static String total(Statement.Totals totals, long unpricedRequests) {
    return row(
        List.of(
            "total",
            "",
            "",
            Long.toString(totals.requests()),
            Long.toString(totals.promptTokens()),
            Long.toString(totals.completionTokens()),
            Long.toString(totals.totalTokens()),
            Long.toString(totals.cachedTokens()),
            Long.toString(totals.cacheWriteTokens()),
            totals.cost(),
            Long.toString(unpricedRequests)));
  }

  private static String row(List<String> fields) {
    return CsvText.row(fields);
  }
}
