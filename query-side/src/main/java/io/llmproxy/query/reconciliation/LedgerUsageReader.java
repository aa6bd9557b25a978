package io.llmproxy.query.reconciliation;

import io.llmproxy.kernel.AggregateTypes;
import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sums the usage ledger per UTC day and upstream model straight from the event store, so a
 * reconciliation compares with the facts themselves rather than with a projection of them. Reads
 * through the read-only pool and streams rows, keeping only one sum per day and model in memory.
 */
@Component
class LedgerUsageReader {

  // The index on (type, global_index) narrows the scan to ledger events; time_stamp (the append
  // time, ISO text that sorts as time) bounds it further without an index of its own.
  private static final String ENTRIES =
      "SELECT payload, payload_type, payload_revision FROM domain_event_entry"
          + " WHERE type = ? AND payload_type = ? AND time_stamp >= ? AND time_stamp < ?"
          + " ORDER BY global_index";

  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  LedgerUsageReader(
      @Qualifier(DataSources.READ_ONLY) DataSource dataSource,
      @Qualifier("eventSerializer") Serializer serializer) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setFetchSize(500);
    this.serializer = serializer;
  }

  /** Entries of {@code providers} whose request started within {@code [from, to]} (UTC days). */
  List<LedgerLine> read(Set<String> providers, LocalDate from, LocalDate to) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, LedgerLine> lines = new HashMap<>();
    jdbc.query(
        ENTRIES,
        row -> {
          UsageRecorded entry =
              deserialize(
                  row.getBytes("payload"),
                  row.getString("payload_type"),
                  row.getString("payload_revision"));
          if (providers.contains(entry.provider())
              && !entry.occurredAt().isBefore(start)
              && entry.occurredAt().isBefore(end)) {
            LedgerLine line = LedgerLine.of(entry);
            lines.merge(line.day() + "\n" + line.model(), line, LedgerLine::plus);
          }
        },
        AggregateTypes.USAGE_LEDGER,
        UsageRecorded.class.getName(),
        from.toString(),
        // an entry is appended when its request ends, after the start it is dated by: a day of
        // margin past the period keeps requests that began before midnight and ended after it
        to.plusDays(2).toString());
    return new ArrayList<>(lines.values());
  }

  private UsageRecorded deserialize(byte[] payload, String type, String revision) {
    SerializedObject<byte[]> serialized =
        new SimpleSerializedObject<>(payload, byte[].class, type, revision);
    return serializer.deserialize(serialized);
  }
}
