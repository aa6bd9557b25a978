-- One row per virtual key: the source of /api/keys and /admin/keys. Never holds a secret or a hash
-- of one. Times are epoch microseconds (numeric, so they sort; see query.readmodel.EpochMicros).
-- "expired" is not stored because it depends on the time of the query.
CREATE TABLE api_key_list (
    key_id                  VARCHAR(64)  NOT NULL PRIMARY KEY,
    name                    VARCHAR(200) NOT NULL,
    display_prefix          VARCHAR(64)  NOT NULL,
    status                  VARCHAR(16)  NOT NULL, -- active | suspended | revoked
    allowed_models          TEXT         NOT NULL, -- JSON array of aliases, empty = every alias
    expires_at              BIGINT,
    requests_per_minute     BIGINT,
    tokens_per_minute       BIGINT,
    owner                   VARCHAR(200),
    team_id                 VARCHAR(64),
    -- decimal text: SQLite would turn a NUMERIC column into a binary floating-point value
    budget_limit_usd        VARCHAR(64),
    budget_period           VARCHAR(16),
    budget_alert_at_percent INTEGER,
    metadata                TEXT         NOT NULL, -- JSON object of string labels
    created_at              BIGINT       NOT NULL,
    updated_at              BIGINT       NOT NULL,
    last_rotated_at         BIGINT,
    previous_valid_until    BIGINT,
    revoked_at              BIGINT
);

-- the list's order (newest first) and its cursor
CREATE INDEX api_key_list_created ON api_key_list (created_at, key_id);
-- a team's keys, and its count of active ones
CREATE INDEX api_key_list_team ON api_key_list (team_id, status);
