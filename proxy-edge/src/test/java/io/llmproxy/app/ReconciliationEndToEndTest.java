package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.app.ProviderExports.Usage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real requests through the proxy to OpenAI- and Anthropic-shaped upstreams, then the providers'
 * exports of that usage uploaded to {@code POST /admin/reconciliations}: an export that agrees
 * reports nothing, and planted differences are reported exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class ReconciliationEndToEndTest {

  private static final long CLAUDE_INPUT = AnthropicUpstreamStub.INPUT_TOKENS;

  @TempDir static Path dataDir;

  private OpenAiUpstreamStub openAi;
  private AnthropicUpstreamStub anthropic;
  private ProxyNode node;
  private ReconciliationClient client;
  private List<UsageRecorded> ledger;

  @BeforeAll
  void start() throws IOException {
    openAi = new OpenAiUpstreamStub();
    anthropic = new AnthropicUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.openai.kind",
                "openai-compatible",
                "llmproxy.providers.openai.base-url",
                openAi.baseUrl(),
                // a second provider on the same upstream: its usage is not the export's
                "llmproxy.providers.spare.kind",
                "openai-compatible",
                "llmproxy.providers.spare.base-url",
                openAi.baseUrl(),
                "llmproxy.providers.claude.kind",
                "anthropic",
                "llmproxy.providers.claude.base-url",
                anthropic.baseUrl(),
                "llmproxy.providers.claude.api-key",
                AnthropicUpstreamStub.API_KEY,
                "llmproxy.reconciliation.max-export-size",
                "64KB"));
    String admin = node.login();
    node.route(admin, "mini", "openai", "gpt-4o-mini");
    node.route(admin, "big", "openai", "gpt-4o");
    node.route(admin, "spare", "spare", "gpt-4o-mini");
    node.route(admin, "sonnet", "claude", "claude-sonnet-4-5");
    String key = node.issueKey(admin, "recon", List.of("mini", "big", "spare", "sonnet"));
    node.chat(key, "mini", "hello").expectStatus().isOk();
    node.chat(key, "mini", "hello again").expectStatus().isOk();
    node.chat(key, "mini", "fail-500 please").expectStatus().isEqualTo(502);
    node.chat(key, "big", "hello").expectStatus().isOk();
    node.chat(key, "spare", "hello").expectStatus().isOk();
    node.chat(key, "sonnet", "cache-hit please").expectStatus().isOk();
    node.chat(key, "sonnet", "hello").expectStatus().isOk();
    ledger = node.ledger(keyId(key));
    client = new ReconciliationClient(node.http(), admin);
  }

  @AfterAll
  void stop() {
    node.close();
    openAi.close();
    anthropic.close();
  }

  @Test
  void anOpenAiUsageExportThatAgreesWithTheLedgerReportsNoDifference() {
    // the refused attempt is in the ledger, but the provider never counted it
    assertThat(ledger)
        .anyMatch(e -> e.provider().equals("openai") && e.outcome() == UsageOutcome.UPSTREAM_ERROR);

    JsonNode report =
        client.reconcile("openai", "openai-json", ProviderExports.openAiJson(openAiUsage()));

    assertThat(report.path("matches").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("differences")).isEmpty();
    assertThat(report.path("only_in_export")).isEmpty();
    assertThat(report.path("only_in_ledger")).isEmpty();
    assertThat(report.path("rows_compared").asInt()).isEqualTo(openAiUsage().size());
    assertThat(report.path("fields").toString())
        .isEqualTo("[\"requests\",\"input_tokens\",\"output_tokens\",\"cached_tokens\"]");
    JsonNode ledgerTotal = report.path("totals").path("ledger");
    assertThat(ledgerTotal.path("requests").asLong()).isEqualTo(3); // not spare's, not the 502
    assertThat(ledgerTotal).isEqualTo(report.path("totals").path("export"));
    // the export's snapshot names were compared with the aliases the routes sent
    assertThat(report.path("model_matches").findValuesAsText("model"))
        .containsExactly("gpt-4o", "gpt-4o-mini");
  }

  @Test
  void plantedDifferencesInAnOpenAiCsvAreReportedExactly() {
    List<Usage> planted = new ArrayList<>();
    LocalDate day = null;
    for (Usage usage : openAiUsage()) {
      if (usage.model().startsWith("gpt-4o-mini")) {
        planted.add(usage.plusInput(1000)); // a day and model with 1000 more input tokens
        day = usage.day();
      } // gpt-4o is left out: a missing model
    }
    planted.add(new Usage(day, "gpt-4.1-nano-2025-04-14", 2, 300, 40, 0, 0, null)); // an extra one

    JsonNode report = client.reconcile("openai", "openai-csv", ProviderExports.openAiCsv(planted));

    assertThat(report.path("matches").asBoolean()).isFalse();
    assertThat(report.path("differences")).hasSize(1);
    JsonNode difference = report.path("differences").get(0);
    assertThat(difference.path("day").asText()).isEqualTo(day.toString());
    assertThat(difference.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(difference.path("field").asText()).isEqualTo("input_tokens");
    assertThat(difference.path("difference").asLong()).isEqualTo(1000);
    assertThat(
            difference.path("provider_value").asLong() - difference.path("ledger_value").asLong())
        .isEqualTo(1000);
    assertThat(report.path("only_in_ledger").findValuesAsText("model")).containsExactly("gpt-4o");
    assertThat(report.path("only_in_export").findValuesAsText("model"))
        .containsExactly("gpt-4.1-nano-2025-04-14");
    assertThat(report.path("only_in_export").get(0).path("input_tokens").asLong()).isEqualTo(300);
  }

  @Test
  void anAnthropicReportWithCacheFiguresAgreesWithTheLedger() {
    JsonNode report =
        client.reconcile("claude", "anthropic-json", ProviderExports.anthropicJson(claudeUsage()));

    assertThat(report.path("matches").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("totals").path("ledger").path("cached_tokens").asLong())
        .isEqualTo(AnthropicUpstreamStub.CACHE_READ);
    assertThat(report.path("totals").path("ledger").has("requests")).isFalse();
  }

  @Test
  void aCacheWriteMissingFromTheLedgerShowsInTheConsoleCsv() {
    List<Usage> planted = new ArrayList<>(claudeUsage());
    planted.set(0, planted.get(0).plusCacheWrite(200));

    JsonNode report =
        client.reconcile("claude", "anthropic-csv", ProviderExports.anthropicCsv(planted));

    // cache writes are input tokens too, so both figures are off by the same 200
    assertThat(report.path("differences").findValuesAsText("field"))
        .containsExactly("input_tokens", "cache_write_tokens");
    assertThat(report.path("differences").findValues("difference"))
        .allSatisfy(value -> assertThat(value.asLong()).isEqualTo(200));
    assertThat(report.path("only_in_export")).isEmpty();
    assertThat(report.path("only_in_ledger")).isEmpty();
  }

  @Test
  void anAnthropicCostReportIsComparedToTheLastDecimal() {
    List<Usage> usage = claudeUsage();
    assertThat(
            client
                .reconcile(
                    "claude", "anthropic-cost-json", ProviderExports.anthropicCostJson(usage))
                .path("matches")
                .asBoolean())
        .isTrue();

    Usage first = usage.get(0);
    List<Usage> dearer = new ArrayList<>(usage);
    dearer.set(
        0,
        new Usage(
            first.day(),
            first.model(),
            0,
            0,
            0,
            0,
            0,
            first.cost().add(new BigDecimal("0.0000001"))));
    JsonNode report =
        client.reconcile(
            "claude", "anthropic-cost-json", ProviderExports.anthropicCostJson(dearer));
    assertThat(report.path("differences")).hasSize(1);
    assertThat(report.path("differences").get(0).path("difference").decimalValue())
        .isEqualByComparingTo("0.0000001");
  }

  /** The openai provider's usage as OpenAI reports it: successful calls, snapshot names. */
  private List<Usage> openAiUsage() {
    List<Usage> usage = new ArrayList<>();
    for (String model : List.of("gpt-4o", "gpt-4o-mini")) {
      String snapshot = model.equals("gpt-4o") ? "gpt-4o-2024-08-06" : "gpt-4o-mini-2024-07-18";
      successesPerDay("openai", model, e -> true)
          .forEach(
              (day, n) ->
                  usage.add(
                      new Usage(
                          day,
                          snapshot,
                          n,
                          n * OpenAiUpstreamStub.PROMPT_TOKENS,
                          n * OpenAiUpstreamStub.COMPLETION_TOKENS,
                          0,
                          0,
                          null)));
    }
    return usage;
  }

  /** The claude provider's usage as Anthropic reports it, with the stub's cache figures. */
  private List<Usage> claudeUsage() {
    Map<LocalDate, Long> hits =
        successesPerDay("claude", "claude-sonnet-4-5", e -> e.usage().cachedTokens() > 0);
    Map<LocalDate, Long> all = successesPerDay("claude", "claude-sonnet-4-5", e -> true);
    Map<LocalDate, BigDecimal> costs = new TreeMap<>();
    for (UsageRecorded entry : ledger) {
      if (entry.provider().equals("claude")) {
        assertThat(entry.cost()).as("claude-sonnet-4-5 is priced").isNotNull();
        costs.merge(day(entry), entry.cost(), BigDecimal::add);
      }
    }
    List<Usage> usage = new ArrayList<>();
    all.forEach(
        (day, n) -> {
          long cacheHits = hits.getOrDefault(day, 0L);
          usage.add(
              new Usage(
                  day,
                  "claude-sonnet-4-5-20250929",
                  n,
                  n * CLAUDE_INPUT
                      + cacheHits
                          * (AnthropicUpstreamStub.CACHE_READ + AnthropicUpstreamStub.CACHE_WRITE),
                  n * AnthropicUpstreamStub.OUTPUT_TOKENS,
                  cacheHits * AnthropicUpstreamStub.CACHE_READ,
                  cacheHits * AnthropicUpstreamStub.CACHE_WRITE,
                  costs.get(day)));
        });
    return usage;
  }

  private Map<LocalDate, Long> successesPerDay(
      String provider, String model, Predicate<UsageRecorded> which) {
    Map<LocalDate, Long> days = new TreeMap<>();
    for (UsageRecorded entry : ledger) {
      if (entry.provider().equals(provider)
          && entry.upstreamModel().equals(model)
          && entry.outcome() == UsageOutcome.SUCCESS
          && which.test(entry)) {
        days.merge(day(entry), 1L, Long::sum);
      }
    }
    return days;
  }

  private static LocalDate day(UsageRecorded entry) {
    return entry.occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
  }
}
