package io.llmproxy.app;

import static io.llmproxy.support.ProxyNode.keyId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.app.commandline.AuditReplayCommand;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.LedgerFold;
import io.llmproxy.support.ProxyNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit replay from the command line against a stopped instance's data folder: the same entry
 * point {@code java -jar llm-proxy.jar audit-replay} takes, run in-process, with its exit code and
 * JSON output.
 */
@EndToEnd
class AuditReplayCommandTest {

  @TempDir Path dataDir;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aStoppedInstancesLedgerIsReplayedAndATamperedRowExitsWithTwo() throws Exception {
    List<UsageRecorded> ledger;
    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      node.route(admin, "demo", "mock", "mock-1");
      String key = node.issueKey(admin, "cli", List.of("*"));
      for (int i = 0; i < 25; i++) {
        node.chat(key, "demo", "hello " + i).expectStatus().isOk();
      }
      ledger = node.ledger(keyId(key));
      AdminApi api = new AdminApi(node, admin);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> api.get("/api/usage/summary").path("totals").path("requests").asLong() == 25);
    }
    LedgerFold fold = LedgerFold.of(ledger);

    // the same configuration as the instance had, as an operator would run it
    String password = "--llmproxy.admin-password=" + ProxyNode.ADMIN_PASSWORD;
    Run clean = run("audit-replay", "--llmproxy.data-dir=" + dataDir, password);
    assertThat(clean.exitCode).as(clean.err).isEqualTo(AuditReplayCommand.CLEAN);
    assertThat(clean.result.path("status").asText()).isEqualTo("completed");
    assertThat(clean.result.path("discrepancy_count").asLong(-1)).isZero();
    assertThat(LedgerFold.actual(clean.result.path("ledger_totals"), "unpriced_entries"))
        .isEqualTo(fold.expected("unpriced_entries"));

    long requestsInRow = tamperWithOneHourlyRow();
    Run tampered = run("--llmproxy.audit.replay=true", "--llmproxy.data-dir=" + dataDir, password);
    assertThat(tampered.exitCode).as(tampered.err).isEqualTo(AuditReplayCommand.DISCREPANCIES);
    assertThat(tampered.result.path("discrepancy_count").asLong()).isOne();
    JsonNode discrepancy = tampered.result.path("discrepancies").get(0);
    assertThat(discrepancy.path("table").asText()).isEqualTo("usage_hourly_by_key_alias");
    assertThat(discrepancy.path("field").asText()).isEqualTo("requests");
    assertThat(discrepancy.path("ledger_value").asLong()).isEqualTo(requestsInRow);
    assertThat(discrepancy.path("read_model_value").asLong()).isEqualTo(requestsInRow + 1);
  }

  @Test
  void aFolderWithoutADatabaseIsRefusedWithoutCreatingOne() throws IOException {
    Run run = run("audit-replay", "--llmproxy.data-dir=" + dataDir.resolve("nothing-here"));
    assertThat(run.exitCode).isEqualTo(AuditReplayCommand.FAILED);
    assertThat(run.err).contains("no database");
    assertThat(dataDir.resolve("nothing-here")).doesNotExist();
  }

  private Run run(String... args) throws IOException {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int exitCode =
        AuditReplayCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    return new Run(
        exitCode,
        printed.isBlank() ? json.createObjectNode() : json.readTree(printed),
        err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Adds a request to one hourly rollup row of the stopped instance's database, behind its back;
   * returns the row's request count before.
   */
  private long tamperWithOneHourlyRow() throws SQLException {
    String row = "rowid = (SELECT min(rowid) FROM usage_hourly_by_key_alias)";
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("llm-proxy.db"));
        Statement statement = connection.createStatement()) {
      long before;
      try (ResultSet rs =
          statement.executeQuery("SELECT requests FROM usage_hourly_by_key_alias WHERE " + row)) {
        before = rs.getLong(1);
      }
      assertThat(
              statement.executeUpdate(
                  "UPDATE usage_hourly_by_key_alias SET requests = requests + 1 WHERE " + row))
          .isOne();
      return before;
    }
  }

  private record Run(int exitCode, JsonNode result, String err) {}
}
