package io.llmproxy.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes usage exports in the providers' own formats (field names as OpenAI's Usage API and
 * dashboard CSV, Anthropic's usage and cost reports and Console CSV document them), from figures a
 * test states, to upload to {@code /admin/reconciliations}.
 */
final class ProviderExports {

  /**
   * A model's usage on a day, as a provider reports it.
   *
   * @param input every input token, cached and cache-written ones included
   */
  record Usage(
      LocalDate day,
      String model,
      long requests,
      long input,
      long output,
      long cached,
      long cacheWrite,
      BigDecimal cost) {

    Usage plusInput(long tokens) {
      return new Usage(day, model, requests, input + tokens, output, cached, cacheWrite, cost);
    }

    Usage plusCacheWrite(long tokens) {
      return new Usage(
          day, model, requests, input + tokens, output, cached, cacheWrite + tokens, cost);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProviderExports() {}

  static byte[] openAiJson(List<Usage> usage) {
    ObjectNode page = JSON.createObjectNode().put("object", "page");
    ArrayNode data = page.putArray("data");
    byDay(usage)
        .forEach(
            (day, lines) -> {
              ObjectNode bucket = data.addObject().put("object", "bucket");
              bucket.put("start_time", epoch(day)).put("end_time", epoch(day.plusDays(1)));
              ArrayNode results = bucket.putArray("results");
              for (Usage line : lines) {
                results
                    .addObject()
                    .put("object", "organization.usage.completions.result")
                    .put("input_tokens", line.input())
                    .put("output_tokens", line.output())
                    .put("input_cached_tokens", line.cached())
                    .put("num_model_requests", line.requests())
                    .putNull("project_id")
                    .put("model", line.model())
                    .putNull("batch");
              }
            });
    page.put("has_more", false).putNull("next_page");
    return bytes(page.toString());
  }

  static byte[] openAiCsv(List<Usage> usage) {
    StringBuilder csv =
        new StringBuilder(
            "start_time,end_time,start_time_iso,end_time_iso,project_id,num_model_requests,"
                + "user_id,api_key_id,model,batch,service_tier,input_tokens,output_tokens,"
                + "input_cached_tokens\r\n");
    for (Usage line : usage) {
      csv.append(epoch(line.day()))
          .append(',')
          .append(epoch(line.day().plusDays(1)))
          .append(',')
          .append(line.day())
          .append("T00:00:00+00:00,")
          .append(line.day().plusDays(1))
          .append("T00:00:00+00:00,proj_recon,")
          .append(line.requests())
          .append(".0,,,")
          .append(line.model())
          .append(",FALSE,default,")
          .append(line.input())
          .append(".0,")
          .append(line.output())
          .append(".0,")
          .append(line.cached())
          .append(".0\r\n");
    }
    return bytes(csv.toString());
  }

  static byte[] anthropicJson(List<Usage> usage) {
    ObjectNode report = JSON.createObjectNode();
    ArrayNode data = report.putArray("data");
    byDay(usage)
        .forEach(
            (day, lines) -> {
              ArrayNode results = bucket(data, day).putArray("results");
              for (Usage line : lines) {
                ObjectNode result =
                    results
                        .addObject()
                        .putNull("api_key_id")
                        .putNull("workspace_id")
                        .put("model", line.model())
                        .put("service_tier", "standard")
                        .put("context_window", "0-200k")
                        .put("uncached_input_tokens", uncached(line))
                        .put("cache_read_input_tokens", line.cached());
                result
                    .putObject("cache_creation")
                    .put("ephemeral_1h_input_tokens", 0)
                    .put("ephemeral_5m_input_tokens", line.cacheWrite());
                result.put("output_tokens", line.output());
              }
            });
    report.put("has_more", false).putNull("next_page");
    return bytes(report.toString());
  }

  static byte[] anthropicCsv(List<Usage> usage) {
    StringBuilder csv =
        new StringBuilder(
            "usage_date_utc,model_version,api_key,workspace,usage_type,context_window,"
                + "usage_input_tokens_no_cache,usage_input_tokens_cache_write_5m,"
                + "usage_input_tokens_cache_write_1h,usage_input_tokens_cache_read,"
                + "usage_output_tokens,web_search_count\n");
    for (Usage line : usage) {
      csv.append(line.day())
          .append(',')
          .append(line.model())
          .append(",recon,Default,standard,\"≤ 200k\",")
          .append(uncached(line))
          .append(',')
          .append(line.cacheWrite())
          .append(",0,")
          .append(line.cached())
          .append(',')
          .append(line.output())
          .append(",0\n");
    }
    return bytes(csv.toString());
  }

  /** Amounts in cents, as decimal strings, per model (the report grouped by description). */
  static byte[] anthropicCostJson(List<Usage> usage) {
    ObjectNode report = JSON.createObjectNode();
    ArrayNode data = report.putArray("data");
    byDay(usage)
        .forEach(
            (day, lines) -> {
              ArrayNode results = bucket(data, day).putArray("results");
              for (Usage line : lines) {
                results
                    .addObject()
                    .put("currency", "USD")
                    .put("amount", line.cost().movePointRight(2).toPlainString())
                    .put("description", line.model() + " usage")
                    .put("cost_type", "tokens")
                    .put("model", line.model())
                    .put("service_tier", "standard")
                    .put("token_type", "uncached_input_tokens");
              }
            });
    report.put("has_more", false).putNull("next_page");
    return bytes(report.toString());
  }

  private static ObjectNode bucket(ArrayNode data, LocalDate day) {
    return data.addObject()
        .put("starting_at", day + "T00:00:00Z")
        .put("ending_at", day.plusDays(1) + "T00:00:00Z");
  }

  private static long uncached(Usage line) {
    return line.input() - line.cached() - line.cacheWrite();
  }

  private static Map<LocalDate, List<Usage>> byDay(List<Usage> usage) {
    Map<LocalDate, List<Usage>> days = new TreeMap<>();
    for (Usage line : usage) {
      days.computeIfAbsent(line.day(), d -> new ArrayList<>()).add(line);
    }
    return days;
  }

  private static long epoch(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
