package io.llmproxy.edge.budget;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.budget.BudgetScope;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a key or a team has spent since a moment, summed exactly from the ledger itself: a key's own
 * stream, or (for a team) every ledger entry since then that names the team.
 */
@Component
class SpendHistory {

  /**
   * Stored timestamps are ISO instants with a variable fraction; compared as text against a bound
   * without zone or fraction, every instant from that second on sorts after it.
   */
  private static final DateTimeFormatter BOUND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  SpendHistory(
      @Qualifier(DataSources.READ_ONLY) DataSource readOnly,
      @Qualifier("eventSerializer") Serializer serializer) {
    this.jdbc = new JdbcTemplate(readOnly);
    this.serializer = serializer;
  }

  BigDecimal spentSince(BudgetScope scope, String scopeId, Instant since) {
    AtomicReference<BigDecimal> total = new AtomicReference<>(BigDecimal.ZERO);
    String bound = BOUND.format(since);
    if (scope == BudgetScope.KEY) {
      jdbc.query(
          "SELECT payload_type, payload_revision, payload FROM domain_event_entry"
              + " WHERE aggregate_identifier = ? AND time_stamp >= ?",
          rs -> {
            add(total, read(rs.getString(1), rs.getString(2), rs.getBytes(3)), null, since);
          },
          UsageRecorded.ledgerStreamId(scopeId),
          bound);
    } else {
      jdbc.query(
          "SELECT payload_type, payload_revision, payload FROM domain_event_entry"
              + " WHERE type = ? AND time_stamp >= ?",
          rs -> {
            add(total, read(rs.getString(1), rs.getString(2), rs.getBytes(3)), scopeId, since);
          },
          AggregateTypes.USAGE_LEDGER,
          bound);
    }
    return total.get();
  }

  private static void add(
      AtomicReference<BigDecimal> total, UsageRecorded entry, String teamId, Instant since) {
    if (entry.cost() == null || entry.occurredAt().isBefore(since)) {
      return;
    }
    if (teamId == null || teamId.equals(entry.teamId())) {
      total.set(total.get().add(entry.cost()));
    }
  }

  private UsageRecorded read(String type, String revision, byte[] payload) {
    SerializedObject<byte[]> serialized =
        new SimpleSerializedObject<>(
            payload, byte[].class, new SimpleSerializedType(type, revision));
    return serializer.deserialize(serialized);
  }
}
