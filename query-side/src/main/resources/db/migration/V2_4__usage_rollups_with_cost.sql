-- Every usage total, money included, per (key, alias, hour), (team, alias, day), (provider, model,
-- day) and per key or team and model by day (statement lines). Days and hours are UTC, stored as
-- the epoch second they start at.
--
-- Money is decimal text (e.g. '0.00000555'), summed in Java with BigDecimal: SQLite has no decimal
-- type (NUMERIC and REAL columns hold binary floating point), and a 64-bit integer of a scale fine
-- enough for the smallest costs overflows at a few hundred dollars.
--
-- Existing hourly rows keep their request and token counts; their new figures start at zero, and
-- the new tables start empty. Both are projections of the event store: to fill them from history,
-- rebuild the usage-rollups processor (README, "Audit workflow"); an audit replay shows whether a
-- rebuild is needed.
ALTER TABLE usage_hourly_by_key_alias ADD COLUMN cached_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly_by_key_alias ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_hourly_by_key_alias ADD COLUMN cost TEXT NOT NULL DEFAULT '0';
ALTER TABLE usage_hourly_by_key_alias ADD COLUMN unpriced_entries BIGINT NOT NULL DEFAULT 0;

CREATE TABLE usage_daily_by_team_alias (
    team_id            VARCHAR(64)  NOT NULL,
    alias              VARCHAR(128) NOT NULL,
    day_start          BIGINT       NOT NULL,
    requests           BIGINT       NOT NULL,
    prompt_tokens      BIGINT       NOT NULL,
    completion_tokens  BIGINT       NOT NULL,
    total_tokens       BIGINT       NOT NULL,
    cached_tokens      BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    cost               TEXT         NOT NULL,
    unpriced_entries   BIGINT       NOT NULL,
    PRIMARY KEY (team_id, alias, day_start)
);
CREATE INDEX usage_daily_by_team_alias_day ON usage_daily_by_team_alias (day_start);

CREATE TABLE usage_daily_by_provider_model (
    provider           VARCHAR(128) NOT NULL,
    upstream_model     VARCHAR(256) NOT NULL,
    day_start          BIGINT       NOT NULL,
    requests           BIGINT       NOT NULL,
    prompt_tokens      BIGINT       NOT NULL,
    completion_tokens  BIGINT       NOT NULL,
    total_tokens       BIGINT       NOT NULL,
    cached_tokens      BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    cost               TEXT         NOT NULL,
    unpriced_entries   BIGINT       NOT NULL,
    PRIMARY KEY (provider, upstream_model, day_start)
);
CREATE INDEX usage_daily_by_provider_model_day ON usage_daily_by_provider_model (day_start);

-- owner_kind 'key' or 'team'; the primary key's prefix serves a statement's (owner, month) range
CREATE TABLE usage_daily_by_owner_model (
    owner_kind         VARCHAR(8)   NOT NULL,
    owner_id           VARCHAR(64)  NOT NULL,
    provider           VARCHAR(128) NOT NULL,
    upstream_model     VARCHAR(256) NOT NULL,
    day_start          BIGINT       NOT NULL,
    requests           BIGINT       NOT NULL,
    prompt_tokens      BIGINT       NOT NULL,
    completion_tokens  BIGINT       NOT NULL,
    total_tokens       BIGINT       NOT NULL,
    cached_tokens      BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    cost               TEXT         NOT NULL,
    unpriced_entries   BIGINT       NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, provider, upstream_model, day_start)
);
