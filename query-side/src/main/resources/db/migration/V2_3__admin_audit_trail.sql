-- Every event an administrator caused (its metadata names the actor), newest first by the event's
-- global position in the store. summary is the payload as JSON without secret-ish fields.
CREATE TABLE admin_audit_event (
    global_index INTEGER      NOT NULL PRIMARY KEY, -- the rowid: no second index
    event_id     VARCHAR(64)  NOT NULL,
    occurred_at  BIGINT       NOT NULL, -- epoch microseconds
    actor        VARCHAR(200) NOT NULL,
    actor_role   VARCHAR(64),
    action       VARCHAR(100) NOT NULL,
    subject_type VARCHAR(64),
    subject_id   VARCHAR(255),
    summary      TEXT         NOT NULL
);

CREATE UNIQUE INDEX admin_audit_event_id ON admin_audit_event (event_id);
CREATE INDEX admin_audit_event_actor ON admin_audit_event (actor, global_index);
CREATE INDEX admin_audit_event_action ON admin_audit_event (action, global_index);
CREATE INDEX admin_audit_event_subject ON admin_audit_event (subject_id, global_index);
CREATE INDEX admin_audit_event_time ON admin_audit_event (occurred_at);
