package io.llmproxy.query.audit;

import io.llmproxy.query.readmodel.EpochMicros;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * One line of the admin activity trail, keyed by the event's global position in the store. Lines
 * are only ever inserted; {@link #isNew()} says so, which spares Spring Data's save the read it
 * would otherwise make for an entity with an assigned id.
 */
@Entity
@Table(name = "admin_audit_event")
public class AdminAuditEvent implements Persistable<Long> {

  @Id private Long globalIndex;
  private String eventId;
  private long occurredAt;
  private String actor;
  private String actorRole;
  private String action;
  private String subjectType;
  private String subjectId;
  private String summary;

  protected AdminAuditEvent() {
    // for JPA
  }

  AdminAuditEvent(
      long globalIndex,
      String eventId,
      Instant occurredAt,
      String actor,
      String actorRole,
      String action,
      String subjectType,
      String subjectId,
      String summary) {
    this.globalIndex = globalIndex;
    this.eventId = eventId;
    this.occurredAt = EpochMicros.of(occurredAt);
    this.actor = actor;
    this.actorRole = actorRole;
    this.action = action;
    this.subjectType = subjectType;
    this.subjectId = subjectId;
    this.summary = summary;
  }

  @Override
  public Long getId() {
    return globalIndex;
  }

  @Override
  public boolean isNew() {
    return true;
  }
}
