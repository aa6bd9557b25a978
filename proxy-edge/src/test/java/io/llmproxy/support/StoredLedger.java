package io.llmproxy.support;

import io.llmproxy.kernel.usage.UsageRecorded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's ledger rows edited straight in its SQLite file, as someone with access to the file
 * could: for tests that show such edits are found. Use it only while no node runs on the folder.
 */
public final class StoredLedger {

  private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completionTokens\":(\\d+)");

  private final String url;

  public StoredLedger(Path dataDir) {
    this.url = "jdbc:sqlite:" + dataDir.resolve("llm-proxy.db").toAbsolutePath();
  }

  /** One stored event row, every column but the global index. */
  public record Row(
      String eventId,
      byte[] metaData,
      byte[] payload,
      String payloadRevision,
      String payloadType,
      String timestamp,
      String stream,
      long sequence,
      String type) {}

  public Row row(String keyId, long sequence) {
    String sql =
        "SELECT event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp,"
            + " aggregate_identifier, sequence_number, type FROM domain_event_entry"
            + " WHERE aggregate_identifier = ? AND sequence_number = ?";
    try (Connection db = DriverManager.getConnection(url);
        PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, UsageRecorded.ledgerStreamId(keyId));
      query.setLong(2, sequence);
      try (ResultSet found = query.executeQuery()) {
        if (!found.next()) {
          throw new IllegalArgumentException("no event " + keyId + "#" + sequence);
        }
        return new Row(
            found.getString(1),
            found.getBytes(2),
            found.getBytes(3),
            found.getString(4),
            found.getString(5),
            found.getString(6),
            found.getString(7),
            found.getLong(8),
            found.getString(9));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Raises the first completion token count in the stored payload by one, byte for byte else. */
  public void addCompletionToken(String keyId, long sequence) {
    String payload = new String(row(keyId, sequence).payload(), StandardCharsets.UTF_8);
    Matcher count = COMPLETION_TOKENS.matcher(payload);
    if (!count.find()) {
      throw new IllegalStateException("no completion token count in " + payload);
    }
    String changed =
        payload.substring(0, count.start(1))
            + (Long.parseLong(count.group(1)) + 1)
            + payload.substring(count.end(1));
    setPayload(keyId, sequence, changed.getBytes(StandardCharsets.UTF_8));
  }

  public void setPayload(String keyId, long sequence, byte[] payload) {
    update(
        "UPDATE domain_event_entry SET payload = ?"
            + " WHERE aggregate_identifier = ? AND sequence_number = ?",
        payload,
        UsageRecorded.ledgerStreamId(keyId),
        sequence);
  }

  /** Makes a stream look written before the chain existed: no chain links in its metadata. */
  public void removeChainLinks(String keyId) {
    update(
        "UPDATE domain_event_entry SET meta_data = ? WHERE aggregate_identifier = ?",
        "{}".getBytes(StandardCharsets.UTF_8),
        UsageRecorded.ledgerStreamId(keyId));
  }

  public void delete(String keyId, long sequence) {
    update(
        "DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = ?",
        UsageRecorded.ledgerStreamId(keyId),
        sequence);
  }

  /** Puts a deleted row back as it was (with a new global index). */
  public void insert(Row row) {
    update(
        "INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision,"
            + " payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row.eventId(),
        row.metaData(),
        row.payload(),
        row.payloadRevision(),
        row.payloadType(),
        row.timestamp(),
        row.stream(),
        row.sequence(),
        row.type());
  }

  private void update(String sql, Object... parameters) {
    try (Connection db = DriverManager.getConnection(url);
        PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      if (statement.executeUpdate() == 0) {
        throw new IllegalStateException("no row changed by " + sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
