package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database of the previous release (a fixture, see its README) migrated to the current schema:
 * every event, snapshot and read-model row it held is still there, unchanged, and the new read
 * models are filled from its history. The only new event is the start's record of the bootstrap
 * credential.
 */
@EndToEnd
class MigrationKeepsDataTest {

  private static final String FIXTURE = "/fixtures/release-29eb067/";
  // the fixture's key "alpha"
  private static final String ALPHA = "hs77xeg92c5r";

  @TempDir Path dataDir;

  @Test
  void everyEventAndReadModelRowSurvivesTheMigrations() throws Exception {
    unpackFixture();
    Path database = dataDir.resolve("llm-proxy.db");
    Map<String, List<String>> before = dump(database);
    assertThat(before.get("domain_event_entry")).hasSize(50);
    assertThat(before.get("usage_hourly_by_key_alias")).isNotEmpty();
    assertThat(before.get("api_key_list")).hasSize(2);

    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      Reports.caughtUp(node);
      String admin = node.login();
      JsonNode summary = Reports.get(node, admin, "/api/usage/summary?groupBy=key");
      assertThat(summary.path("totals").path("requests").asLong()).isEqualTo(14);
      assertThat(summary.path("totals").path("total_tokens").asLong()).isEqualTo(307);
      assertThat(summary.path("totals").path("cost").asText()).isEqualTo("0.00049165");
      JsonNode log = Reports.get(node, admin, "/api/usage/requests?limit=200");
      assertThat(log.path("data")).hasSize(14);
      JsonNode verify = Reports.get(node, admin, "/api/audit/verify");
      assertThat(verify.path("verified").asBoolean()).isTrue();
    }

    Map<String, List<String>> after = dump(database);
    for (Map.Entry<String, List<String>> table : before.entrySet()) {
      if (table.getKey().equals("domain_event_entry")) {
        // a start records the bootstrap administrator's credential fingerprint, and nothing else
        List<String> added = new ArrayList<>(after.get(table.getKey()));
        added.removeAll(table.getValue());
        assertThat(after.get(table.getKey())).containsAll(table.getValue());
        assertThat(added)
            .singleElement()
            .asString()
            .contains("io.llmproxy.kernel.sessions.BootstrapCredentialRecorded");
        continue;
      }
      assertThat(after.get(table.getKey())).as(table.getKey()).isEqualTo(table.getValue());
    }
  }

  /**
   * As if the previous release had issued {@code alpha} without models (then: every alias): its
   * event, key-list row and audit summary say {@code []}. After the migrations the key list and the
   * audit trail say {@code ["*"]}, as a rebuild from the (upcast) event would, while the event
   * itself stays byte for byte as it was.
   */
  @Test
  void aKeyIssuedWithoutModelsIsShownForEveryAliasAfterTheMigrations() throws Exception {
    unpackFixture();
    Path database = dataDir.resolve("llm-proxy.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      assertThat(
              statement.executeUpdate(
                  "UPDATE domain_event_entry SET payload = CAST(replace(CAST(payload AS TEXT),"
                      + " '\"allowedModels\":[\"demo\",\"other\"]', '\"allowedModels\":[]')"
                      + " AS BLOB) WHERE aggregate_identifier = '"
                      + ALPHA
                      + "' AND sequence_number = 0"))
          .isOne();
      assertThat(
              statement.executeUpdate(
                  "UPDATE api_key_list SET allowed_models = '[]' WHERE key_id = '" + ALPHA + "'"))
          .isOne();
      assertThat(
              statement.executeUpdate(
                  "UPDATE admin_audit_event SET summary = replace(summary,"
                      + " '\"allowed_models\":[\"demo\",\"other\"]', '\"allowed_models\":[]')"
                      + " WHERE subject_id = '"
                      + ALPHA
                      + "' AND action = 'ApiKeyIssued'"))
          .isOne();
    }
    List<String> events = dump(database).get("domain_event_entry");

    try (ProxyNode node = ProxyNode.start(dataDir, Map.of())) {
      String admin = node.login();
      JsonNode alpha = Reports.get(node, admin, "/api/keys/" + ALPHA);
      assertThat(alpha.path("models")).hasSize(1);
      assertThat(alpha.path("models").get(0).asText()).isEqualTo("*");
      JsonNode trail =
          Reports.get(
              node, admin, "/api/audit/admin-events?action=ApiKeyIssued&subject_id=" + ALPHA);
      JsonNode models = trail.path("data").get(0).path("summary").path("allowed_models");
      assertThat(models).hasSize(1);
      assertThat(models.get(0).asText()).isEqualTo("*");
      JsonNode beta = Reports.get(node, admin, "/api/keys/zj26riay7ycs");
      assertThat(beta.path("models")).hasSize(1);
      assertThat(beta.path("models").get(0).asText()).isEqualTo("demo");
    }

    // every stored event byte for byte; the start adds only its bootstrap credential record
    List<String> after = dump(database).get("domain_event_entry");
    assertThat(after).containsAll(events);
    List<String> added = new ArrayList<>(after);
    added.removeAll(events);
    assertThat(added)
        .singleElement()
        .asString()
        .contains("io.llmproxy.kernel.sessions.BootstrapCredentialRecorded");
  }

  private void unpackFixture() throws IOException {
    try (InputStream packed = getClass().getResourceAsStream(FIXTURE + "llm-proxy.db.gz");
        InputStream database = new GZIPInputStream(packed)) {
      Files.copy(database, dataDir.resolve("llm-proxy.db"));
    }
    for (String secret : List.of("key-pepper", "jwt-secret")) {
      Path target = dataDir.resolve(secret);
      try (InputStream in = getClass().getResourceAsStream(FIXTURE + secret)) {
        Files.copy(in, target);
      }
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /**
   * Every row of every table of the old schema, as text, in a fixed order. Token positions are left
   * out: processors move them on by design.
   */
  private static Map<String, List<String>> dump(Path database) throws SQLException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                  + " AND name NOT IN ('token_entry', 'flyway_schema_history')"
                  + " AND name NOT LIKE 'usage_re%' ORDER BY name")) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      for (String name : names) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("SELECT * FROM " + name)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int column = 1; column <= columns; column++) {
              Object value = rs.getObject(column);
              row.append(
                      value instanceof byte[] bytes
                          ? java.util.HexFormat.of().formatHex(bytes)
                          : String.valueOf(value))
                  .append('|');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(String::compareTo);
        tables.put(name, rows);
      }
    }
    return tables;
  }
}
