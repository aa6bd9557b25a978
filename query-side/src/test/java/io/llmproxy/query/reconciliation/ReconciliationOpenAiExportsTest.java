package io.llmproxy.query.reconciliation;

import static io.llmproxy.query.reconciliation.ExportFixtures.fixture;
import static io.llmproxy.query.reconciliation.ExportFixtures.text;
import static io.llmproxy.query.reconciliation.ExportFixtures.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationOpenAiExportsTest {

  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate JAN_3 = LocalDate.of(2026, 1, 3);

  @Test
  void theUsageApiAnswerGivesOneRowPerBucketAndModelAndLeavesBatchUsageOut() {
    ParsedExport export = ExportFormat.OPENAI_JSON.parse(fixture("openai-usage-completions.json"));

    assertThat(export.rows())
        .containsExactly(
            new ExportRow(JAN_1, "gpt-4o-mini-2024-07-18", tokens(41, 12000, 3100, 2048, 0)),
            new ExportRow(JAN_1, "gpt-4o-2024-08-06", tokens(3, 900, 250, 0, 0)),
            new ExportRow(JAN_3, "text-embedding-3-small", tokens(8, 640, 0, 0, 0)));
    assertThat(export.ignored()).isEqualTo(Map.of(OpenAiUsageJson.BATCH, 1));
  }

  @Test
  void pagesSavedAsAnArrayAreReadTogetherAndHourBucketsFallOnTheirUtcDay() {
    ParsedExport export = ExportFormat.OPENAI_JSON.parse(fixture("openai-usage-pages.json"));

    assertThat(export.rows())
        .containsExactly(
            new ExportRow(JAN_1, "gpt-4.1-nano", tokens(1, 100, 20, 0, 0)),
            new ExportRow(JAN_1, "gpt-4.1-nano", tokens(2, 300, 60, 128, 0)));
  }

  @Test
  void theDashboardCsvReadsCountsWrittenAsDecimalsAndSkipsEmptyBuckets() {
    ParsedExport export = ExportFormat.OPENAI_CSV.parse(fixture("openai-usage-completions.csv"));

    assertThat(export.rows())
        .containsExactly(
            new ExportRow(JAN_1, "gpt-4o-mini-2024-07-18", tokens(10, 5000, 1200, 1024, 0)),
            new ExportRow(JAN_1, "gpt-4o-mini-2024-07-18", tokens(2, 700, 80, 0, 0)),
            new ExportRow(JAN_3, "gpt-4o-2024-08-06", tokens(1, 333, 44, 0, 0)));
    assertThat(export.ignored()).isEqualTo(Map.of(OpenAiUsageJson.BATCH, 1));
  }

  @Test
  void aCsvWithUnixTimesOnlyIsReadToo() {
    String csv =
        "start_time,end_time,model,num_model_requests,input_tokens,output_tokens\n"
            + "1767398400,1767402000,gpt-4o,3,30,9\n";

    assertThat(ExportFormat.OPENAI_CSV.parse(text(csv)).rows())
        .containsExactly(new ExportRow(JAN_3, "gpt-4o", tokens(3, 30, 9, 0, 0)));
  }

  @Test
  void aBadCountNamesItsLineAndColumn() {
    String csv =
        "start_time_iso,model,num_model_requests,input_tokens,output_tokens\n"
            + "2026-01-01T00:00:00+00:00,gpt-4o,1,10,2\n"
            + "2026-01-01T00:00:00+00:00,gpt-4o,1,12x,2\n";

    assertThatThrownBy(() -> ExportFormat.OPENAI_CSV.parse(text(csv)))
        .isInstanceOf(ExportParseException.class)
        .hasMessageContaining("line 3, input_tokens")
        .hasMessageContaining("\"12x\" is not a number");
  }

  @Test
  void aFractionOfATokenIsRefused() {
    String csv =
        "start_time_iso,model,num_model_requests,input_tokens,output_tokens\n"
            + "2026-01-01T00:00:00+00:00,gpt-4o,1,10.5,2\n";

    assertThatThrownBy(() -> ExportFormat.OPENAI_CSV.parse(text(csv)))
        .hasMessageContaining("line 2, input_tokens: 10.5 is not a whole number");
  }

  @Test
  void aCsvOfAnotherFormatIsToldByItsMissingColumns() {
    assertThatThrownBy(() -> ExportFormat.OPENAI_CSV.parse(fixture("anthropic-console-usage.csv")))
        .hasMessageContaining("the header has no column \"model\"");
  }

  @Test
  void usageNotGroupedByModelIsRefusedWithTheQueryThatFixesIt() {
    String json =
        "{\"data\":[{\"start_time\":1767225600,\"end_time\":1767312000,\"results\":["
            + "{\"input_tokens\":5,\"output_tokens\":1,\"num_model_requests\":1,\"model\":null}]}]}";

    assertThatThrownBy(() -> ExportFormat.OPENAI_JSON.parse(text(json)))
        .hasMessage("data[0].results[0].model is missing: query the Usage API with group_by=model");
  }

  @Test
  void aBucketAcrossMidnightCannotBeGivenADay() {
    String json = "{\"data\":[{\"start_time\":1767268800,\"end_time\":1767355200,\"results\":[]}]}";

    assertThatThrownBy(() -> ExportFormat.OPENAI_JSON.parse(text(json)))
        .hasMessageContaining("data[0]: the bucket 2026-01-01T12:00:00Z to 2026-01-02T12:00:00Z")
        .hasMessageContaining("is not within one UTC day");
  }

  @Test
  void brokenJsonIsReportedWithItsLine() {
    String json = "{\"data\": [\n  {\"start_time\": 1767225600,,}\n]}";

    assertThatThrownBy(() -> ExportFormat.OPENAI_JSON.parse(text(json)))
        .hasMessageStartingWith("the export is not valid JSON at line 2");
  }

  @Test
  void anAnthropicReportIsNotTakenForAnOpenAiOne() {
    assertThatThrownBy(
            () -> ExportFormat.OPENAI_JSON.parse(fixture("anthropic-usage-messages.json")))
        .hasMessage("data[0].start_time is missing");
  }

  @Test
  void otherUsageKindsThanCompletionsAndEmbeddingsAreRefused() {
    String json =
        "{\"data\":[{\"start_time\":1767225600,\"results\":[{\"object\":"
            + "\"organization.usage.images.result\",\"images\":2,\"num_model_requests\":1}]}]}";

    assertThatThrownBy(() -> ExportFormat.OPENAI_JSON.parse(text(json)))
        .hasMessageContaining("only completions and embeddings usage can be compared");
  }
}
