package io.llmproxy.kernel.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsageFilterTest {

  private final UsageRecorded entry = UsageTotalsTest.entry(BigDecimal.ONE, false);

  @Test
  void noFilterKeepsEverything() {
    assertThat(UsageFilter.NONE.matches(entry)).isTrue();
  }

  @Test
  void eachFieldKeepsItsOwnValueOnly() {
    assertThat(new UsageFilter("key-1", null, null, null, null).matches(entry)).isTrue();
    assertThat(new UsageFilter("key-2", null, null, null, null).matches(entry)).isFalse();
    assertThat(new UsageFilter(null, "team-1", null, null, null).matches(entry)).isTrue();
    assertThat(new UsageFilter(null, "team-2", null, null, null).matches(entry)).isFalse();
    assertThat(new UsageFilter(null, null, "fast", null, null).matches(entry)).isTrue();
    assertThat(new UsageFilter(null, null, "slow", null, null).matches(entry)).isFalse();
    assertThat(new UsageFilter(null, null, null, "openai", null).matches(entry)).isTrue();
    assertThat(new UsageFilter(null, null, null, "anthropic", null).matches(entry)).isFalse();
    assertThat(new UsageFilter(null, null, null, null, UsageOutcome.SUCCESS).matches(entry))
        .isTrue();
    assertThat(new UsageFilter(null, null, null, null, UsageOutcome.UPSTREAM_ERROR).matches(entry))
        .isFalse();
  }

  @Test
  void allFieldsMustMatchTogether() {
    var all = new UsageFilter("key-1", "team-1", "fast", "openai", UsageOutcome.SUCCESS);
    assertThat(all.matches(entry)).isTrue();
    assertThat(all.matches("key-1", "team-1", "fast", "openai", "upstream_error")).isFalse();
    assertThat(all.matches("key-1", null, "fast", "openai", "success")).isFalse();
  }

  @Test
  void outcomesAndGroupingsHaveLowerCaseWireNames() {
    assertThat(UsageOutcome.ANSWER_TOO_LARGE.wireName()).isEqualTo("answer_too_large");
    assertThat(UsageGrouping.PROVIDER.wireName()).isEqualTo("provider");
    assertThat(UsageGrouping.DAY.isTime()).isTrue();
    assertThat(UsageGrouping.HOUR.isTime()).isTrue();
    assertThat(UsageGrouping.KEY.isTime()).isFalse();
  }
}
