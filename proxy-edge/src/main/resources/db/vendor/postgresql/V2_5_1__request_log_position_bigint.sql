-- The request log is keyed by the event's global index, a 64-bit identity on PostgreSQL (on SQLite
-- the INTEGER primary key is the 64-bit rowid already).
ALTER TABLE usage_request_log ALTER COLUMN position TYPE BIGINT;
