package io.llmproxy.query.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.CsvText;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ResponseStatusException;

class StatementCsvTest {

  @Test
  void namesHoldingCsvSyntaxAreQuotedAndOthersLeftAlone() {
    assertThat(CsvText.field("gpt-4o-mini")).isEqualTo("gpt-4o-mini");
    assertThat(CsvText.field("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvText.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvText.field("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void rowsCarryEveryFigureAndTheExactCost() {
    var totals = new UsageTotals(3, 51, 15, 66, 20, 4, new BigDecimal("0.000000000000000001"), 1);
    assertThat(StatementCsv.line(StatementLine.of("open,ai", "gpt-4o-mini", totals)))
        .isEqualTo("model,\"open,ai\",gpt-4o-mini,3,51,15,66,20,4,0.000000000000000001,1\r\n");
    assertThat(StatementCsv.total(Statement.Totals.of(totals), totals.unpricedEntries()))
        .isEqualTo("total,,,3,51,15,66,20,4,0.000000000000000001,1\r\n");
  }

  @Test
  void aPeriodIsAUtcMonthEndingWhereTheNextBegins() {
    StatementPeriod december = StatementPeriod.parse("2026-12");
    assertThat(december.from()).hasToString("2026-12-01T00:00:00Z");
    assertThat(december.to()).hasToString("2027-01-01T00:00:00Z");
    assertThat(StatementPeriod.parse("2028-02").to()).hasToString("2028-03-01T00:00:00Z");
  }

  @Test
  void anythingButYearDashMonthIsRefusedNamingThePeriod() {
    for (String bad : new String[] {"2026-13", "2026-00", "2026-1", "26-11", "2026/11", " ", ""}) {
      assertThatThrownBy(() -> StatementPeriod.parse(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              ResponseStatusException.class, e -> assertThat(e.getReason()).startsWith("period"));
    }
  }
}
