package io.llmproxy.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One line of the admin activity trail.
 *
 * @param position the event's global position in the event store: the trail's order
 * @param action the event's type, e.g. {@code ApiKeyRevoked}
 * @param subjectType the aggregate type the event belongs to, e.g. {@code ApiKey}
 * @param subjectId that aggregate's id
 * @param summary the event's fields as a JSON object, without secret-ish ones
 */
public record AdminEventView(
    long position,
    String eventId,
    Instant occurredAt,
    String actor,
    String actorRole,
    String action,
    String subjectType,
    String subjectId,
    @JsonRawValue String summary) {}
