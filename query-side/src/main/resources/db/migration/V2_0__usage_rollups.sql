-- Hourly usage per (key, model alias): the source of /api/usage/summary.
CREATE TABLE usage_hourly_by_key_alias (
    key_id            VARCHAR(64)  NOT NULL,
    alias             VARCHAR(128) NOT NULL,
    hour_start        BIGINT       NOT NULL,
    requests          BIGINT       NOT NULL,
    prompt_tokens     BIGINT       NOT NULL,
    completion_tokens BIGINT       NOT NULL,
    total_tokens      BIGINT       NOT NULL,
    PRIMARY KEY (key_id, alias, hour_start)
);

CREATE INDEX usage_hourly_by_hour ON usage_hourly_by_key_alias (hour_start);
