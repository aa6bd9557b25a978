-- The admin audit trail is keyed by the event's global index, a 64-bit identity on PostgreSQL
-- (on SQLite the INTEGER primary key is the 64-bit rowid already).
ALTER TABLE admin_audit_event ALTER COLUMN global_index TYPE BIGINT;
