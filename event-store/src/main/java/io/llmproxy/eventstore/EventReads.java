package io.llmproxy.eventstore;

import static io.llmproxy.eventstore.EventColumns.ALL;
import static io.llmproxy.eventstore.EventColumns.ROW;
import static io.llmproxy.eventstore.EventColumns.TABLE;

import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Reads of the event store past Axon: in global order from a position, by aggregate or payload type
 * from a position, one aggregate's stream, and the head. Rows come back exactly as stored; {@link
 * #messages} and the {@code each...} reads hand them out through the upcaster chain.
 *
 * <p>Time bounds are whole seconds: stored timestamps are ISO instants with a variable fraction,
 * and compared as text against a bound without zone or fraction every instant from that second on
 * sorts after it.
 */
public final class EventReads {

  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  // rows handed to the upcaster chain at once by the streaming reads: memory holds one chunk
  private static final int CHUNK = 500;

  private final JdbcTemplate jdbc;
  private final EventUpcasting upcasting;

  public EventReads(DataSource dataSource, EventUpcasting upcasting) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setFetchSize(CHUNK);
    this.upcasting = upcasting;
  }

  /** The same reads on one connection the caller holds, inside its transaction and snapshot. */
  public EventReads on(Connection connection) {
    return new EventReads(new SingleConnectionDataSource(connection, true), upcasting);
  }

  /** The global index of the last event, -1 when the store is empty. */
  public long head() {
    Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM " + TABLE, Long.class);
    return head == null ? -1 : head;
  }

  /**
   * When the first event after global index {@code position} was appended, empty when there is
   * none: how long the oldest event a reader at that position has still to handle has waited.
   */
  public Optional<Instant> appendedAfter(long position) {
    List<String> stamps =
        jdbc.queryForList(
            "SELECT time_stamp FROM "
                + TABLE
                + " WHERE global_index > ? ORDER BY global_index LIMIT 1",
            String.class,
            position);
    return stamps.stream().findFirst().map(Instant::parse);
  }

  public long countUpTo(long position) {
    return count("SELECT COUNT(*) FROM " + TABLE + " WHERE global_index <= ?", position);
  }

  /** Up to {@code limit} events after global index {@code after}, in global order. */
  public List<StoredEvent> inGlobalOrder(long after, int limit) {
    return jdbc.query(
        "SELECT "
            + ALL
            + " FROM "
            + TABLE
            + " WHERE global_index > ? ORDER BY global_index LIMIT ?",
        ROW,
        after,
        limit);
  }

  /**
   * Up to {@code limit} events of any of the aggregate types after {@code after}, in global order,
   * through the (type, global_index) index: a store full of other events costs nothing here.
   */
  public List<StoredEvent> ofAggregateTypes(Collection<String> types, long after, int limit) {
    if (types.isEmpty()) {
      return List.of();
    }
    String marks = String.join(",", Collections.nCopies(types.size(), "?"));
    List<Object> arguments = new ArrayList<>(types);
    arguments.add(after);
    arguments.add(limit);
    return jdbc.query(
        "SELECT "
            + ALL
            + " FROM "
            + TABLE
            + " WHERE type IN ("
            + marks
            + ") AND global_index > ? ORDER BY global_index LIMIT ?",
        ROW,
        arguments.toArray());
  }

  /** Up to {@code limit} events of one payload type in {@code (after, upTo]}, in global order. */
  public List<StoredEvent> ofPayloadType(PayloadKind kind, long after, long upTo, int limit) {
    return jdbc.query(
        "SELECT "
            + ALL
            + " FROM "
            + TABLE
            + " WHERE type = ? AND payload_type = ? AND global_index > ? AND global_index <= ?"
            + " ORDER BY global_index LIMIT ?",
        ROW,
        kind.aggregateType(),
        kind.payloadType(),
        after,
        upTo,
        limit);
  }

  /** The global index of the last event of a payload type, -1 when there is none. */
  public long lastOf(PayloadKind kind) {
    return count(
        "SELECT coalesce(max(global_index), -1) FROM "
            + TABLE
            + " WHERE type = ? AND payload_type = ?",
        kind.aggregateType(),
        kind.payloadType());
  }

  public long countOf(PayloadKind kind, long upTo) {
    return count(
        "SELECT count(*) FROM "
            + TABLE
            + " WHERE type = ? AND payload_type = ? AND global_index <= ?",
        kind.aggregateType(),
        kind.payloadType(),
        upTo);
  }

  /** One aggregate's events, in sequence order. */
  public List<StoredEvent> stream(String aggregateId) {
    return jdbc.query(
        "SELECT "
            + ALL
            + " FROM "
            + TABLE
            + " WHERE aggregate_identifier = ? ORDER BY sequence_number",
        ROW,
        aggregateId);
  }

  /**
   * Up to {@code limit} events of an aggregate type in stream-id and sequence order, after the
   * event at ({@code afterStream}, {@code afterSequence}): a keyset page through whole streams.
   * Rows go to {@code sink} as they are read, exactly as stored (no upcasting: a hash over them
   * must see the stored bytes), so memory does not grow with the page.
   */
  public void streamsOfType(
      String aggregateType,
      String afterStream,
      long afterSequence,
      int limit,
      Consumer<StoredEvent> sink) {
    // "type || ''": keeps the planner (SQLite's, and PostgreSQL's) from choosing the (type,
    // global_index) index, which would sort every event of the type for every page; the
    // (aggregate_identifier, sequence_number) index returns rows in order
    jdbc.query(
        "SELECT "
            + ALL
            + " FROM "
            + TABLE
            + " WHERE type || '' = ? AND (aggregate_identifier, sequence_number) > (?, ?)"
            + " ORDER BY aggregate_identifier, sequence_number LIMIT ?",
        rs -> {
          sink.accept(EventColumns.read(rs));
        },
        aggregateType,
        afterStream,
        afterSequence,
        limit);
  }

  /** One aggregate's events appended from {@code since} on (whole seconds), in no set order. */
  public void eachInStreamSince(
      String aggregateId, Instant since, Consumer<TrackedEventMessage<?>> sink) {
    each(
        "SELECT " + ALL + " FROM " + TABLE + " WHERE aggregate_identifier = ? AND time_stamp >= ?",
        sink,
        aggregateId,
        SECOND.format(since));
  }

  /**
   * Events of an aggregate type appended from {@code since} on (whole seconds), in no set order,
   * through the (type, time_stamp) index.
   */
  public void eachOfTypeSince(
      String aggregateType, Instant since, Consumer<TrackedEventMessage<?>> sink) {
    each(
        "SELECT " + ALL + " FROM " + TABLE + " WHERE type = ? AND time_stamp >= ?",
        sink,
        aggregateType,
        SECOND.format(since));
  }

  /**
   * Events of a payload type appended in {@code [from, until)} (whole seconds), in global order.
   */
  public void eachOfBetween(
      PayloadKind kind, Instant from, Instant until, Consumer<TrackedEventMessage<?>> sink) {
    each(
        "SELECT "
            + ALL
            + " FROM "
            + TABLE
            + " WHERE type = ? AND payload_type = ? AND time_stamp >= ? AND time_stamp < ?"
            + " ORDER BY global_index",
        sink,
        kind.aggregateType(),
        kind.payloadType(),
        SECOND.format(from),
        SECOND.format(until));
  }

  /** The rows through the upcaster chain, as Axon would hand them to a handler. */
  public Stream<TrackedEventMessage<?>> messages(List<StoredEvent> rows) {
    return upcasting.messages(rows);
  }

  public <T> Stream<T> payloads(List<StoredEvent> rows, Class<T> type) {
    return upcasting.payloads(rows, type);
  }

  /** Streams the rows, upcasting a chunk at a time: memory holds one chunk however many match. */
  private void each(String sql, Consumer<TrackedEventMessage<?>> sink, Object... arguments) {
    List<StoredEvent> chunk = new ArrayList<>(CHUNK);
    jdbc.query(
        sql,
        rs -> {
          chunk.add(EventColumns.read(rs));
          if (chunk.size() == CHUNK) {
            upcasting.messages(chunk).forEach(sink);
            chunk.clear();
          }
        },
        arguments);
    upcasting.messages(chunk).forEach(sink);
  }

  private long count(String sql, Object... arguments) {
    Long count = jdbc.queryForObject(sql, Long.class, arguments);
    return count == null ? 0 : count;
  }
}
