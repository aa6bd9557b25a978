package io.llmproxy.app.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.app.storage.ReadModelRebuild;
import io.llmproxy.edge.ledger.synthetic.SyntheticUsageSettings;
import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.Reports;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property tests: for random filters, groupings, time ranges and zones, every figure of the
 * summary, the time series and the request log equals the test's own fold over the ledger entries
 * read back from the event store; and a rebuild of every read model gives byte-identical answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EndToEnd
class UsageReportsExactnessTest {

  private static final Instant END = Instant.parse("2026-11-20T00:00:00Z");
  private static final int DAYS = 3;
  private static final List<String> ZONES =
      List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "+05:00");
  private static final List<String> GROUPINGS =
      List.of("key", "team", "alias", "provider", "outcome", "day", "hour");

  @TempDir static Path dataDir;
  private ProxyNode node;
  private String admin;
  private List<UsageRecorded> ledger;
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);

  @BeforeAll
  void fill() throws InterruptedException {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    Reports.fill(node, new SyntheticUsageSettings(6_000, 25, 4, Duration.ofDays(DAYS), END, seed));
    ledger = Reports.ledger(node);
    assertThat(ledger).hasSize(6_000);
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void everySummaryEqualsTheFoldOverTheLedger() {
    for (int run = 0; run < 60; run++) {
      Query query = randomQuery();
      List<String> groupBy = randomGroupBy();
      String uri =
          "/api/usage/summary?" + query.parameters() + "&groupBy=" + String.join(",", groupBy);
      JsonNode answer = Reports.get(node, admin, uri);

      Map<Map<String, String>, ExpectedTotals> expected = new LinkedHashMap<>();
      ExpectedTotals total = ExpectedTotals.ZERO;
      for (UsageRecorded entry : ledger) {
        if (query.keeps(entry)) {
          total = total.plus(ExpectedTotals.of(entry));
          expected.merge(
              dimensions(entry, groupBy, query.zone()),
              ExpectedTotals.of(entry),
              ExpectedTotals::plus);
        }
      }
      assertThat(ExpectedTotals.read(answer.path("totals")))
          .as("seed %d: %s", seed, uri)
          .isEqualTo(total);
      Map<Map<String, String>, ExpectedTotals> actual = new LinkedHashMap<>();
      for (JsonNode group : answer.path("groups")) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (var field : group.path("dimensions").properties()) {
          dimensions.put(
              field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        actual.put(dimensions, ExpectedTotals.read(group.path("totals")));
      }
      assertThat(actual)
          .as("seed %d: %s", seed, uri)
          .isEqualTo(groupBy.isEmpty() ? Map.of() : expected);
    }
  }

  @Test
  void everyTimeSeriesPointEqualsTheFoldOfItsBucket() {
    for (int run = 0; run < 20; run++) {
      Query query = randomQuery();
      String interval = random.nextBoolean() ? "day" : "hour";
      String uri = "/api/usage/timeseries?" + query.parameters() + "&interval=" + interval;
      JsonNode answer = Reports.get(node, admin, uri);
      Map<String, ExpectedTotals> expected = new LinkedHashMap<>();
      for (UsageRecorded entry : ledger) {
        if (query.keeps(entry)) {
          expected.merge(
              bucketStart(entry.occurredAt(), interval, query.zone()),
              ExpectedTotals.of(entry),
              ExpectedTotals::plus);
        }
      }
      Set<String> starts = new HashSet<>();
      Instant previous = null;
      for (JsonNode point : answer.path("points")) {
        String start = point.path("start").asText();
        Instant instant = java.time.OffsetDateTime.parse(start).toInstant();
        assertThat(previous == null || previous.isBefore(instant)).as("ordered: %s", uri).isTrue();
        previous = instant;
        starts.add(start);
        assertThat(ExpectedTotals.read(point.path("totals")))
            .as("seed %d: %s at %s", seed, uri, start)
            .isEqualTo(expected.getOrDefault(start, ExpectedTotals.ZERO));
      }
      assertThat(starts).as("seed %d: %s", seed, uri).containsAll(expected.keySet());
    }
  }

  @Test
  void theRequestLogListsEveryMatchingEntryOnceAcrossPages() {
    for (int run = 0; run < 6; run++) {
      Query query = randomQuery();
      // the log takes any instants, not only whole hours
      Instant from = query.from() == null ? null : query.from().plusSeconds(random.nextInt(3600));
      boolean withRetried = random.nextBoolean();
      String parameters =
          query.filterParameters()
              + (from == null ? "" : "&from=" + from)
              + (query.to() == null ? "" : "&to=" + query.to())
              + "&retried="
              + withRetried;
      List<String> seen = new ArrayList<>();
      ExpectedTotals listed = ExpectedTotals.ZERO;
      String cursor = null;
      do {
        JsonNode page =
            Reports.get(
                node,
                admin,
                "/api/usage/requests?limit=200"
                    + parameters
                    + (cursor == null ? "" : "&cursor=" + cursor));
        for (JsonNode row : page.path("data")) {
          seen.add(row.path("request_id").asText() + "#" + row.path("attempts").asInt());
          listed =
              listed.plus(
                  new ExpectedTotals(
                      row.path("retried").asBoolean() ? 0 : 1,
                      row.path("prompt_tokens").asLong(),
                      row.path("completion_tokens").asLong(),
                      row.path("total_tokens").asLong(),
                      row.path("cached_tokens").asLong(),
                      row.path("cache_write_tokens").asLong(),
                      row.path("cost").isNull() ? "0" : row.path("cost").asText(),
                      row.path("cost").isNull() ? 1 : 0));
        }
        cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
      } while (cursor != null);

      ExpectedTotals expected = ExpectedTotals.ZERO;
      int count = 0;
      for (UsageRecorded entry : ledger) {
        boolean inTime =
            (from == null || !entry.occurredAt().isBefore(from))
                && (query.to() == null || entry.occurredAt().isBefore(query.to()));
        if (inTime && query.filter().matches(entry) && (withRetried || !entry.retried())) {
          expected = expected.plus(ExpectedTotals.of(entry));
          count++;
        }
      }
      assertThat(seen).as("seed %d: %s", seed, parameters).doesNotHaveDuplicates().hasSize(count);
      assertThat(listed).as("seed %d: %s", seed, parameters).isEqualTo(expected);
    }
  }

  @Test
  void rebuildingEveryReadModelGivesByteIdenticalReports() throws InterruptedException {
    List<String> uris = new ArrayList<>();
    uris.add("/api/usage/summary?groupBy=key,alias,outcome");
    uris.add("/api/usage/summary?groupBy=team,day&tz=Europe/Paris");
    uris.add("/api/usage/summary?groupBy=provider,hour");
    uris.add("/api/usage/timeseries?interval=hour");
    uris.add("/api/usage/timeseries?interval=day&tz=America/New_York");
    uris.add("/api/usage/requests?limit=200&retried=true");
    uris.add("/api/usage/requests.csv?retried=true");
    uris.add("/api/statements?key=" + ledger.get(0).keyId() + "&period=2026-11");
    Map<String, String> before = new LinkedHashMap<>();
    for (String uri : uris) {
      before.put(uri, new String(Reports.bytes(node, admin, uri), StandardCharsets.UTF_8));
    }
    ReadModelRebuild rebuild = node.bean(ReadModelRebuild.class);
    for (String processor : rebuild.processors()) {
      rebuild.rebuild(processor, Duration.ofSeconds(60));
    }
    for (String uri : uris) {
      assertThat(new String(Reports.bytes(node, admin, uri), StandardCharsets.UTF_8))
          .as(uri)
          .isEqualTo(before.get(uri));
    }
  }

  private Query randomQuery() {
    Instant start = END.minus(DAYS, ChronoUnit.DAYS);
    Instant from =
        random.nextInt(4) == 0 ? null : start.plus(random.nextInt(DAYS * 24), ChronoUnit.HOURS);
    Instant to = null;
    if (random.nextInt(4) != 0) {
      Instant after = from == null ? start : from;
      long hours = Duration.between(after, END).toHours();
      to = after.plus(1 + random.nextInt((int) hours + 2), ChronoUnit.HOURS);
    }
    UsageRecorded sample = ledger.get(random.nextInt(ledger.size()));
    UsageFilter filter =
        new UsageFilter(
            random.nextInt(4) == 0 ? sample.keyId() : null,
            random.nextInt(4) == 0 ? sample.teamId() : null,
            random.nextInt(3) == 0 ? sample.alias() : null,
            random.nextInt(4) == 0 ? sample.provider() : null,
            random.nextInt(4) == 0 ? UsageOutcome.values()[random.nextInt(3)] : null);
    return new Query(from, to, filter, ZoneId.of(ZONES.get(random.nextInt(ZONES.size()))));
  }

  private List<String> randomGroupBy() {
    List<String> groupBy = new ArrayList<>();
    int size = random.nextInt(3);
    while (groupBy.size() < size) {
      String grouping = GROUPINGS.get(random.nextInt(GROUPINGS.size()));
      boolean twoTimes =
          grouping.equals("day") && groupBy.contains("hour")
              || grouping.equals("hour") && groupBy.contains("day");
      if (!groupBy.contains(grouping) && !twoTimes) {
        groupBy.add(grouping);
      }
    }
    return groupBy;
  }

  private static Map<String, String> dimensions(
      UsageRecorded entry, List<String> groupBy, ZoneId zone) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    for (String grouping : groupBy) {
      dimensions.put(
          grouping,
          switch (grouping) {
            case "key" -> entry.keyId();
            case "team" -> entry.teamId();
            case "alias" -> entry.alias();
            case "provider" -> entry.provider();
            case "outcome" -> entry.outcome().wireName();
            case "day" -> LocalDate.ofInstant(entry.occurredAt(), zone).toString();
            default -> bucketStart(entry.occurredAt(), "hour", zone);
          });
    }
    return dimensions;
  }

  private static String bucketStart(Instant at, String interval, ZoneId zone) {
    Instant start =
        interval.equals("day")
            ? LocalDate.ofInstant(at, zone).atStartOfDay(zone).toInstant()
            : at.truncatedTo(ChronoUnit.HOURS);
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(zone).toOffsetDateTime());
  }

  private record Query(Instant from, Instant to, UsageFilter filter, ZoneId zone) {

    boolean keeps(UsageRecorded entry) {
      return (from == null || !entry.occurredAt().isBefore(from))
          && (to == null || entry.occurredAt().isBefore(to))
          && filter.matches(entry);
    }

    String parameters() {
      return filterParameters()
          + (from == null ? "" : "&from=" + from)
          + (to == null ? "" : "&to=" + to)
          + "&tz="
          + URLEncoder.encode(zone.getId(), StandardCharsets.UTF_8);
    }

    String filterParameters() {
      StringBuilder text = new StringBuilder();
      append(text, "key", filter.keyId());
      append(text, "team", filter.teamId());
      append(text, "alias", filter.alias());
      append(text, "provider", filter.provider());
      append(text, "outcome", filter.outcome() == null ? null : filter.outcome().wireName());
      return text.toString();
    }

    private static void append(StringBuilder text, String name, String value) {
      if (value != null) {
        text.append('&')
            .append(name)
            .append('=')
            .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    }
  }
}
