package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.AnthropicUpstreamStub;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.LedgerFold;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;

/**
 * Monthly statements per key and per team against the ledger itself: every line and total equal to
 * the last decimal, as JSON and as CSV; priced and unpriced models, cached tokens, failures.
 */
@EndToEnd
class StatementTest {

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub openAi;
  private static AnthropicUpstreamStub anthropic;
  private static ProxyNode node;
  private static String admin;
  private static AdminApi api;
  private static String team;
  private static String keyInTeam;
  private static String otherKeyInTeam;
  private static String keyAlone;

  @BeforeAll
  static void start() throws IOException {
    openAi = new OpenAiUpstreamStub();
    anthropic = new AnthropicUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind",
                "openai-compatible",
                "llmproxy.providers.upstream.base-url",
                openAi.baseUrl(),
                "llmproxy.providers.claude.kind",
                "anthropic",
                "llmproxy.providers.claude.base-url",
                anthropic.baseUrl(),
                "llmproxy.providers.claude.api-key",
                AnthropicUpstreamStub.API_KEY));
    admin = node.login();
    api = new AdminApi(node, admin);
    node.route(admin, "gpt", "upstream", "gpt-4o-mini");
    node.route(admin, "nano", "upstream", "gpt-4.1-nano");
    node.route(admin, "claude", "claude", "claude-sonnet-4-5");
    // no price for it: entries without a cost
    node.route(admin, "local", "upstream", "local-llama");
    team =
        api.send(HttpMethod.POST, "/admin/teams", Map.of("name", "research"), 201)
            .path("id")
            .asText();
    keyInTeam = node.issueKey(admin, Map.of("name", "a", "models", List.of("*"), "team_id", team));
    otherKeyInTeam =
        node.issueKey(admin, Map.of("name", "b", "models", List.of("*"), "team_id", team));
    keyAlone = node.issueKey(admin, Map.of("name", "c", "models", List.of("*")));

    for (int i = 0; i < 3; i++) {
      node.chat(keyInTeam, "gpt", "hello " + i).expectStatus().isOk();
    }
    node.chat(keyInTeam, "nano", "hello").expectStatus().isOk();
    node.chat(keyInTeam, "nano", "hello again").expectStatus().isOk();
    node.chat(keyInTeam, "claude", "cache-hit please").expectStatus().isOk();
    node.chat(keyInTeam, "claude", "hi").expectStatus().isOk();
    node.chat(keyInTeam, "local", "unpriced").expectStatus().isOk();
    node.chat(keyInTeam, "local", "unpriced again").expectStatus().isOk();
    node.chat(keyInTeam, "gpt", "fail-500 now").expectStatus().isEqualTo(502);
    node.chat(otherKeyInTeam, "gpt", "hello").expectStatus().isOk();
    node.chat(otherKeyInTeam, "claude", "cache-hit").expectStatus().isOk();
    node.chat(otherKeyInTeam, "local", "x").expectStatus().isOk();
    node.chat(keyAlone, "gpt", "hello").expectStatus().isOk();
  }

  @AfterAll
  static void stop() {
    node.close();
    openAi.close();
    anthropic.close();
  }

  @Test
  void aKeysStatementEqualsItsLedgerLineByLine() {
    List<UsageRecorded> ledger = node.ledger(keyId(keyInTeam));
    assertThat(ledger).anyMatch(entry -> entry.usage().cachedTokens() > 0);
    assertThat(ledger).anyMatch(entry -> entry.cost() == null);
    assertStatementMatches("key=" + keyId(keyInTeam), ledger);
  }

  @Test
  void aTeamsStatementEqualsTheLedgerOfItsKeysAtRequestTime() {
    List<UsageRecorded> ledger = new ArrayList<>();
    for (String key : List.of(keyInTeam, otherKeyInTeam, keyAlone)) {
      node.ledger(keyId(key)).stream().filter(e -> team.equals(e.teamId())).forEach(ledger::add);
    }
    assertThat(ledger).hasSizeGreaterThan(node.ledger(keyId(keyInTeam)).size());
    assertStatementMatches("team=" + team, ledger);
  }

  @Test
  void theCsvStatementHasTheSameLinesAndTotals() {
    String query = "key=" + keyId(keyInTeam);
    YearMonth month = months(node.ledger(keyId(keyInTeam))).get(0);
    JsonNode json =
        awaitStatement(query, month, LedgerFold.of(inMonth(node.ledger(keyId(keyInTeam)), month)));
    String uri = "/api/statements?" + query + "&period=" + month;

    String byParameter = csv(uri + "&format=csv", "*/*");
    String byAccept = csv(uri, "text/csv");
    assertThat(byAccept).isEqualTo(byParameter);

    List<String> rows = Arrays.asList(byParameter.split("\r\n"));
    assertThat(rows.get(0))
        .isEqualTo(
            "line,provider,model,requests,prompt_tokens,completion_tokens,total_tokens,"
                + "cached_tokens,cache_write_tokens,cost_usd,unpriced_requests");
    List<String> expected = new ArrayList<>();
    for (JsonNode line : json.path("lines")) {
      expected.add(
          String.join(
              ",",
              "model",
              line.path("provider").asText(),
              line.path("model").asText(),
              line.path("requests").asText(),
              line.path("prompt_tokens").asText(),
              line.path("completion_tokens").asText(),
              line.path("total_tokens").asText(),
              line.path("cached_tokens").asText(),
              line.path("cache_write_tokens").asText(),
              line.path("cost").asText(),
              line.path("unpriced_requests").asText()));
    }
    JsonNode totals = json.path("totals");
    expected.add(
        String.join(
            ",",
            "total",
            "",
            "",
            totals.path("requests").asText(),
            totals.path("prompt_tokens").asText(),
            totals.path("completion_tokens").asText(),
            totals.path("total_tokens").asText(),
            totals.path("cached_tokens").asText(),
            totals.path("cache_write_tokens").asText(),
            totals.path("cost").asText(),
            json.path("unpriced_requests").asText()));
    assertThat(rows.subList(1, rows.size())).isEqualTo(expected);
  }

  @Test
  void anIdWithoutUsageGetsAnEmptyStatement() {
    JsonNode statement = api.get("/api/statements?key=nosuchkey0000&period=2026-02");
    assertThat(statement.path("scope").asText()).isEqualTo("key");
    assertThat(statement.path("from").asText()).isEqualTo("2026-02-01T00:00:00Z");
    assertThat(statement.path("to").asText()).isEqualTo("2026-03-01T00:00:00Z");
    assertThat(statement.path("currency").asText()).isEqualTo("USD");
    assertThat(statement.path("lines")).isEmpty();
    assertThat(LedgerFold.actual(statement.path("totals"), null))
        .isEqualTo(LedgerFold.of(List.of()).expected(null));
    assertThat(statement.path("unpriced_requests").asLong(-1)).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "period=2026-11|key or team",
        "key=abc&team=def&period=2026-11|key or team",
        "key=abc|period",
        "key=abc&period=2026-13|period",
        "key=abc&period=2026-1|period",
        "key=abc&period=November|period",
        "key=a%20b&period=2026-11|key",
        "team=a/b&period=2026-11|team",
        "key=abc&period=2026-11&format=xml|format"
      })
  void badParametersAre400sNamingTheParameter(String query, String parameter) {
    JsonNode error = api.send(HttpMethod.GET, "/api/statements?" + query, null, 400).path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).startsWith(parameter);
  }

  @Test
  void theUsageSummaryCarriesTheExactCost() {
    List<UsageRecorded> all =
        Stream.of(keyInTeam, otherKeyInTeam, keyAlone)
            .flatMap(key -> node.ledger(keyId(key)).stream())
            .toList();
    LedgerFold fold = LedgerFold.of(all);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        LedgerFold.actual(
                            api.get("/api/usage/summary").path("totals"), "unpriced_entries"))
                    .isEqualTo(fold.expected("unpriced_entries")));
  }

  /** Per month the entries fall in (one, unless the test ran across a month's end). */
  private static void assertStatementMatches(String query, List<UsageRecorded> ledger) {
    for (YearMonth month : months(ledger)) {
      List<UsageRecorded> entries = inMonth(ledger, month);
      JsonNode statement = awaitStatement(query, month, LedgerFold.of(entries));
      assertThat(statement.path("period").asText()).isEqualTo(month.toString());
      assertThat(statement.path("unpriced_requests").asLong(-1))
          .isEqualTo(LedgerFold.of(entries).unpriced());

      Map<String, List<UsageRecorded>> byModel =
          entries.stream()
              .collect(
                  Collectors.groupingBy(
                      e -> e.provider() + "|" + e.upstreamModel(),
                      TreeMap::new,
                      Collectors.toList()));
      Map<String, Map<String, String>> expected = new LinkedHashMap<>();
      byModel.forEach(
          (model, modelEntries) ->
              expected.put(model, LedgerFold.of(modelEntries).expected("unpriced_requests")));
      Map<String, Map<String, String>> actual = new LinkedHashMap<>();
      for (JsonNode line : statement.path("lines")) {
        actual.put(
            line.path("provider").asText() + "|" + line.path("model").asText(),
            LedgerFold.actual(line, "unpriced_requests"));
      }
      assertThat(actual).containsExactlyEntriesOf(expected);
    }
  }

  /** Waits for the projection to hold every entry, then answers the statement. */
  private static JsonNode awaitStatement(String query, YearMonth month, LedgerFold fold) {
    String uri = "/api/statements?" + query + "&period=" + month;
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(LedgerFold.actual(api.get(uri).path("totals"), null))
                    .isEqualTo(fold.expected(null)));
    return api.get(uri);
  }

  private static String csv(String uri, String accept) {
    return node.http()
        .get()
        .uri(URI.create(node.baseUrl() + uri))
        .header("Authorization", "Bearer " + admin)
        .header("Accept", accept)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith("text/csv")
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private static List<YearMonth> months(List<UsageRecorded> ledger) {
    return ledger.stream()
        .map(e -> YearMonth.from(e.occurredAt().atOffset(ZoneOffset.UTC)))
        .distinct()
        .sorted()
        .toList();
  }

  private static List<UsageRecorded> inMonth(List<UsageRecorded> ledger, YearMonth month) {
    return ledger.stream()
        .filter(e -> YearMonth.from(e.occurredAt().atOffset(ZoneOffset.UTC)).equals(month))
        .toList();
  }
}
