package io.llmproxy.query.reports;

import io.llmproxy.query.readmodel.CsvText;
import java.util.List;

/** The request log as CSV: the API's field names as the header, one row per entry. */
final class RequestLogCsv {

  static final String HEADER =
      CsvText.row(
          List.of(
              "request_id",
              "occurred_at",
              "key_id",
              "team_id",
              "alias",
              "provider",
              "model",
              "endpoint",
              "streamed",
              "prompt_tokens",
              "completion_tokens",
              "total_tokens",
              "cached_tokens",
              "cache_write_tokens",
              "cost_usd",
              "latency_ms",
              "time_to_first_token_ms",
              "outcome",
              "estimated",
              "attempts",
              "retried"));

  private RequestLogCsv() {}

  static String rows(List<RequestLogEntry> entries) {
    StringBuilder text = new StringBuilder(entries.size() * 160);
    for (RequestLogEntry entry : entries) {
      text.append(
          CsvText.row(
              List.of(
                  entry.requestId(),
                  entry.occurredAt().toString(),
                  entry.keyId(),
                  nullable(entry.teamId()),
                  entry.alias(),
                  entry.provider(),
                  entry.model(),
                  entry.endpoint(),
                  Boolean.toString(entry.streamed()),
                  Long.toString(entry.promptTokens()),
                  Long.toString(entry.completionTokens()),
                  Long.toString(entry.totalTokens()),
                  Long.toString(entry.cachedTokens()),
                  Long.toString(entry.cacheWriteTokens()),
                  nullable(entry.cost()),
                  Long.toString(entry.latencyMs()),
                  entry.timeToFirstTokenMs() == null
                      ? ""
                      : Long.toString(entry.timeToFirstTokenMs()),
                  entry.outcome(),
                  Boolean.toString(entry.estimated()),
                  Integer.toString(entry.attempts()),
                  Boolean.toString(entry.retried()))));
    }
    return text.toString();
  }

  private static String nullable(String value) {
    return value == null ? "" : value;
  }
}
