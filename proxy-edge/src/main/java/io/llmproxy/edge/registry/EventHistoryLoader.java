package io.llmproxy.edge.registry;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.annotation.MessageHandlerInvocationException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Starts an in-memory registry from the history of the streams it cares about only. A tracking
 * processor would read every event in the store, usage included, on every start; with a million
 * usage events that took minutes. This reads the registry's aggregate types through an index, hands
 * the events to the registry's own handlers, and gives the processor a token at the head it read up
 * to, from which it follows the live stream.
 */
@Component
public class EventHistoryLoader {

  private static final Logger log = LoggerFactory.getLogger(EventHistoryLoader.class);

  private final JdbcTemplate jdbc;
  private final Serializer serializer;

  EventHistoryLoader(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer) {
    // the primary (writer) data source: inside the processor's token transaction this reuses its
    // connection instead of waiting for a second one
    this.jdbc = new JdbcTemplate(dataSource);
    this.serializer = serializer;
  }

  /** Replays the given aggregate types into {@code handler}; returns the token to continue from. */
  public TrackingToken replay(List<String> aggregateTypes, Object handler) {
    long started = System.nanoTime();
    Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
    if (head == null) {
      return null;
    }
    var adapter = new AnnotationEventHandlerAdapter(handler);
    String placeholders = String.join(",", aggregateTypes.stream().map(t -> "?").toList());
    Object[] arguments = Stream.concat(aggregateTypes.stream(), Stream.of(head)).toArray();
    List<DomainEventData<byte[]>> history =
        jdbc.query(
            "SELECT type, aggregate_identifier, sequence_number, event_identifier, time_stamp,"
                + " payload_type, payload_revision, payload, meta_data FROM domain_event_entry"
                + " WHERE type IN ("
                + placeholders
                + ") AND global_index <= ? ORDER BY global_index",
            (rs, row) ->
                new StoredEvent(
                    rs.getString("type"),
                    rs.getString("aggregate_identifier"),
                    rs.getLong("sequence_number"),
                    rs.getString("event_identifier"),
                    Instant.parse(rs.getString("time_stamp")),
                    rs.getString("payload_type"),
                    rs.getString("payload_revision"),
                    rs.getBytes("payload"),
                    rs.getBytes("meta_data")),
            arguments);
    EventStreamUtils.upcastAndDeserializeDomainEvents(
            history.stream(), serializer, NoOpEventUpcaster.INSTANCE)
        .asStream()
        .forEach(event -> dispatch(adapter, event));
    log.info(
        "loaded {} {} events up to global index {} in {} ms",
        history.size(),
        aggregateTypes,
        head,
        (System.nanoTime() - started) / 1_000_000);
    return GapAwareTrackingToken.newInstance(head, new TreeSet<>());
  }

  private static void dispatch(AnnotationEventHandlerAdapter adapter, DomainEventMessage<?> event) {
    try {
      if (adapter.canHandle(event)) {
        adapter.handle(event);
      }
    } catch (Exception e) {
      throw new MessageHandlerInvocationException(
          "registry could not apply " + event.getPayloadType(), e);
    }
  }
}
