package io.llmproxy.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmproxy.kernel.keys.ApiKeyIssued;
import io.llmproxy.kernel.keys.ApiKeyUpdated;
import io.llmproxy.kernel.keys.KeyAttributes;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Key events written before {@link KeyAttributes#EXPLICIT_EVERY_ALIAS} (they have no revision) said
 * "every alias" with an empty or missing {@code allowedModels}; read now, that would mean "no
 * alias". This rewrites such a list to {@code ["*"]} as the event is read, leaving the stored row
 * as it was. A Spring bean, so Axon puts it in its one upcaster chain, which the event store and
 * the event-store gateway ({@code io.llmproxy.eventstore.EventReads}) both read through.
 */
@Component
class EmptyModelsMeantEveryAlias extends SingleEventUpcaster {

  private static final String FIELD = "allowedModels";
  private static final String ISSUED = ApiKeyIssued.class.getName();
  private static final String UPDATED = ApiKeyUpdated.class.getName();

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation event) {
    SerializedType type = event.getType();
    return type.getRevision() == null
        && (type.getName().equals(ISSUED) || type.getName().equals(UPDATED));
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
    String type = event.getType().getName();
    return event.upcastPayload(
        new SimpleSerializedType(type, KeyAttributes.EXPLICIT_EVERY_ALIAS),
        JsonNode.class,
        payload -> type.equals(ISSUED) ? issued(payload) : updated(payload));
  }

  private static JsonNode issued(JsonNode payload) {
    return payload instanceof ObjectNode object ? everyAliasIfNone(object.deepCopy()) : payload;
  }

  /** ApiKeyUpdated carries the models inside its whole new set of attributes. */
  private static JsonNode updated(JsonNode payload) {
    if (!(payload instanceof ObjectNode object)
        || !(object.get("attributes") instanceof ObjectNode)) {
      return payload;
    }
    ObjectNode copy = object.deepCopy();
    everyAliasIfNone((ObjectNode) copy.get("attributes"));
    return copy;
  }

  private static ObjectNode everyAliasIfNone(ObjectNode holder) {
    JsonNode models = holder.get(FIELD);
    if (models == null || models.isNull() || (models.isArray() && models.isEmpty())) {
      holder.putArray(FIELD).add(KeyAttributes.EVERY_ALIAS);
    }
    return holder;
  }
}
