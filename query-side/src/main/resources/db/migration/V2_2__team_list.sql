-- One row per team: the source of /api/teams. Times are epoch microseconds.
CREATE TABLE team_list (
    team_id                     VARCHAR(64)  NOT NULL PRIMARY KEY,
    name                        VARCHAR(200) NOT NULL,
    requests_per_minute         BIGINT,
    tokens_per_minute           BIGINT,
    key_requests_per_minute     BIGINT,
    key_tokens_per_minute       BIGINT,
    budget_limit_usd            VARCHAR(64), -- decimal text, see api_key_list
    budget_period               VARCHAR(16),
    budget_alert_at_percent     INTEGER,
    created_at                  BIGINT       NOT NULL,
    updated_at                  BIGINT       NOT NULL
);

CREATE INDEX team_list_created ON team_list (created_at, team_id);
