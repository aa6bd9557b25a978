package io.llmproxy.eventstore;

import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;

/**
 * Turns stored rows into the messages Axon itself would hand out for them: through the
 * application's one upcaster chain, then deserialised (lazily, as Axon does). An event an earlier
 * release wrote must mean to a raw reader what it means to the aggregates and projections.
 */
public final class EventUpcasting {

  private final Serializer serializer;
  private final EventUpcaster upcasters;

  public EventUpcasting(Serializer serializer, EventUpcaster upcasters) {
    this.serializer = serializer;
    this.upcasters = upcasters == null ? NoOpEventUpcaster.INSTANCE : upcasters;
  }

  /**
   * The rows as tracked domain event messages in their order, each tracked at its row's global
   * index. An upcaster may turn one row into none or several.
   */
  public Stream<TrackedEventMessage<?>> messages(List<StoredEvent> rows) {
    return EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters);
  }

  /** The payloads of {@link #messages} that are a {@code type}, in order. */
  public <T> Stream<T> payloads(List<StoredEvent> rows, Class<T> type) {
    return messages(rows)
        .map(TrackedEventMessage::getPayload)
        .filter(type::isInstance)
        .map(type::cast);
  }
}
