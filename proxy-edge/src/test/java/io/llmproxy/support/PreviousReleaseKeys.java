package io.llmproxy.support;

import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.VirtualKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Writes key events into a stopped node's SQLite file exactly as the release before explicit {@code
 * ["*"]} stored them (release-29eb067's rows: no payload revision, the JSON of its records), so a
 * test can start the current application on a store that an earlier release filled.
 */
public final class PreviousReleaseKeys {

  private static final String INSERT =
      "INSERT INTO domain_event_entry (event_identifier, meta_data, payload, payload_revision,"
          + " payload_type, time_stamp, aggregate_identifier, sequence_number, type)"
          + " VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 'ApiKey')";
  private static final String ADMIN_METADATA = "{\"actor\":\"admin\",\"actor_role\":\"admin\"}";

  private final Path database;
  private final UnaryOperator<String> hasher;

  /** {@code hasher}: the node's {@code KeyHasher#hash}, under the pepper of its data folder. */
  public PreviousReleaseKeys(Path dataDir, UnaryOperator<String> hasher) {
    this.database = dataDir.resolve("llm-proxy.db");
    this.hasher = hasher;
  }

  /** An {@code ApiKeyIssued} allowing {@code models} (empty: every alias, as it then meant). */
  public String issue(String name, List<String> models) throws SQLException {
    VirtualKey key = VirtualKey.generate();
    String json =
        "{\"keyId\":\""
            + key.keyId()
            + "\",\"name\":\""
            + name
            + "\",\"secretHash\":\""
            + hasher.apply(key.plaintext())
            + "\",\"displayPrefix\":\""
            + key.displayPrefix()
            + "\",\"allowedModels\":"
            + array(models)
            + ",\"expiresAt\":null,\"issuedAt\":\""
            + now()
            + "\",\"limits\":{\"requestsPerMinute\":null,\"tokensPerMinute\":null,"
            + "\"unlimited\":true},\"owner\":null,\"teamId\":null,\"budget\":null,\"metadata\":{}}";
    append(key.keyId(), 0, ApiKeyIssued.class, json);
    return key.plaintext();
  }

  /** The {@code ApiKeyUpdated} the earlier release recorded for a PATCH of {@code models}. */
  public void update(String plaintextKey, long sequence, String name, List<String> models)
      throws SQLException {
    String keyId = ProxyNode.keyId(plaintextKey);
    String json =
        "{\"keyId\":\""
            + keyId
            + "\",\"attributes\":{\"name\":\""
            + name
            + "\",\"allowedModels\":"
            + array(models)
            + ",\"expiresAt\":null,\"limits\":{\"requestsPerMinute\":null,"
            + "\"tokensPerMinute\":null,\"unlimited\":true},\"owner\":null,\"teamId\":null,"
            + "\"budget\":null,\"metadata\":{}},\"updatedAt\":\""
            + now()
            + "\"}";
    append(keyId, sequence, ApiKeyUpdated.class, json);
  }

  private void append(String keyId, long sequence, Class<?> type, String json) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        var insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setBytes(2, ADMIN_METADATA.getBytes(StandardCharsets.UTF_8));
      insert.setBytes(3, json.getBytes(StandardCharsets.UTF_8));
      insert.setString(4, type.getName());
      insert.setString(5, now());
      insert.setString(6, keyId);
      insert.setLong(7, sequence);
      insert.executeUpdate();
    }
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static String array(List<String> models) {
    return models.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(",", "[", "]"));
  }
}
