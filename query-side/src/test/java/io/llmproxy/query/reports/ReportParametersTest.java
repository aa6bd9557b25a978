package io.llmproxy.query.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.usage.UsageFilter;
import io.llmproxy.kernel.usage.UsageGrouping;
import io.llmproxy.kernel.usage.UsageOutcome;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

class ReportParametersTest {

  @Test
  void aFilterTakesEveryFieldAndLeavesAbsentOnesOpen() {
    assertThat(ReportParameters.filter("k1", "team-1", "fast", "openai", " upstream_error "))
        .isEqualTo(new UsageFilter("k1", "team-1", "fast", "openai", UsageOutcome.UPSTREAM_ERROR));
    assertThat(ReportParameters.filter(null, " ", null, "", null)).isEqualTo(UsageFilter.NONE);
  }

  @Test
  void anUnknownOutcomeIsRefusedListingTheKnownOnes() {
    assertRefused(
        () -> ReportParameters.outcome("fine"),
        "outcome must be one of success, upstream_error, client_cancelled, answer_too_large");
  }

  @Test
  void hourBoundsFallOnWholeUtcHours() {
    assertThat(ReportParameters.hourBound("2026-03-01T10:00:00Z", "from"))
        .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(ReportParameters.hourBound(null, "from")).isNull();
    assertRefused(
        () -> ReportParameters.hourBound("2026-03-01T10:00:01Z", "to"),
        "to must fall on a whole UTC hour");
  }

  @Test
  void fromMustBeStrictlyBeforeTo() {
    Instant ten = Instant.parse("2026-03-01T10:00:00Z");
    ReportParameters.requireOrdered(ten, ten.plusSeconds(1));
    ReportParameters.requireOrdered(null, ten);
    ReportParameters.requireOrdered(ten, null);
    assertRefused(() -> ReportParameters.requireOrdered(ten, ten), "from must be before to");
    assertRefused(
        () -> ReportParameters.requireOrdered(ten.plusSeconds(1), ten), "from must be before to");
  }

  @Test
  void zonesAreIanaNamesOrOffsetsAndUtcByDefault() {
    assertThat(ReportParameters.zone(null)).isEqualTo(ZoneOffset.UTC);
    assertThat(ReportParameters.zone(" ")).isEqualTo(ZoneOffset.UTC);
    assertThat(ReportParameters.zone(" Europe/Paris ")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(ReportParameters.zone("+02:00")).isEqualTo(ZoneOffset.ofHours(2));
    assertRefused(() -> ReportParameters.zone("Mars/Olympus"), "tz must be an IANA time zone");
  }

  @Test
  void groupingsAreCommaSeparatedOnceEachAndNotBothDayAndHour() {
    assertThat(ReportParameters.groupBy(null)).isEmpty();
    assertThat(ReportParameters.groupBy(" ")).isEmpty();
    assertThat(ReportParameters.groupBy("KEY, day,key"))
        .containsExactly(UsageGrouping.KEY, UsageGrouping.DAY);
    assertRefused(() -> ReportParameters.groupBy("day,hour"), "not both");
    assertRefused(
        () -> ReportParameters.groupBy("key,"),
        "groupBy accepts key, team, alias, provider, outcome, day, hour, comma-separated");
  }

  @Test
  void intervalsAreDaysByDefaultOrHours() {
    assertThat(ReportParameters.interval(null)).isEqualTo(UsageGrouping.DAY);
    assertThat(ReportParameters.interval(" Hour ")).isEqualTo(UsageGrouping.HOUR);
    assertThat(ReportParameters.interval("day")).isEqualTo(UsageGrouping.DAY);
    assertRefused(() -> ReportParameters.interval("week"), "interval must be hour or day");
  }

  @Test
  void flagsAreTrueOrFalseAndFalseWhenAbsent() {
    assertThat(ReportParameters.flag(null, "retried")).isFalse();
    assertThat(ReportParameters.flag(" true ", "retried")).isTrue();
    assertThat(ReportParameters.flag("false", "retried")).isFalse();
    assertRefused(() -> ReportParameters.flag("yes", "retried"), "retried must be true or false");
  }

  private static void assertRefused(Executable parse, String reason) {
    assertThatThrownBy(parse::execute)
        .isInstanceOfSatisfying(
            ResponseStatusException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.getReason()).contains(reason);
            });
  }
}
