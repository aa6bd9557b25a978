package io.llmproxy.query.audit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * The admin activity trail: every event whose metadata names the administrator who caused it,
 * whatever its type. The actor is a required metadata value, so Axon decides from the metadata
 * alone that an event without one (every usage event, the bulk of the store) has no handler here:
 * its payload is never deserialised and nothing is written for it.
 */
@Component
@ProcessingGroup(AdminAuditProjection.PROCESSING_GROUP)
class AdminAuditProjection {

  static final String PROCESSING_GROUP = "admin-audit";

  /** Metadata keys; the admin API puts the JWT subject and role of the caller there. */
  static final String ACTOR = "actor";

  static final String ACTOR_ROLE = "actor_role";

  private final AdminAuditRepository trail;

  AdminAuditProjection(AdminAuditRepository trail) {
    this.trail = trail;
  }

  @EventHandler
  void on(
      EventMessage<?> event,
      @MetaDataValue(value = ACTOR, required = true) String actor,
      @MetaDataValue(ACTOR_ROLE) String actorRole,
      TrackingToken position) {
    String subjectType = null;
    String subjectId = null;
    if (event instanceof DomainEventMessage<?> domain) {
      subjectType = domain.getType();
      subjectId = domain.getAggregateIdentifier();
    }
    trail.save(
        new AdminAuditEvent(
            position
                .position()
                .orElseThrow(() -> new IllegalStateException("an event without a position")),
            event.getIdentifier(),
            event.getTimestamp(),
            actor,
            actorRole,
            event.getPayloadType().getSimpleName(),
            subjectType,
            subjectId,
            PayloadSummary.of(event.getPayload())));
  }

  @ResetHandler
  void reset() {
    trail.deleteAllInBatch();
  }
}
