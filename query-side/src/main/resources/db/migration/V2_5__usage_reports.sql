-- Read models behind the reporting API (/api/usage/**), written by the usage-reports processor.
--
-- usage_request_log: one row per ledger entry (a request's retried attempts included, flagged),
-- keyed by the entry's global position in the event store. Times are epoch microseconds.
--
-- usage_report_hourly / usage_report_daily: totals per UTC hour / day and per key, team, alias,
-- provider and outcome. team_id is '' for keys without a team (a key part cannot be NULL).
-- Money: cost_pico is the cost in whole picodollars (1e-12 USD), which SQL can sum exactly;
-- cost_extra holds, comma-separated, the rare remainders below a picodollar (prices with more than
-- six decimals per million tokens), NULL otherwise. Reports add both in Java.
CREATE TABLE usage_request_log (
    position           INTEGER      NOT NULL PRIMARY KEY,
    event_id           VARCHAR(64)  NOT NULL,
    occurred_at        BIGINT       NOT NULL,
    request_id         VARCHAR(128) NOT NULL,
    key_id             VARCHAR(64)  NOT NULL,
    team_id            VARCHAR(64)  NOT NULL,
    alias              VARCHAR(128) NOT NULL,
    provider           VARCHAR(128) NOT NULL,
    model              VARCHAR(256) NOT NULL,
    endpoint           VARCHAR(64)  NOT NULL,
    streamed           SMALLINT     NOT NULL,
    prompt_tokens      BIGINT       NOT NULL,
    completion_tokens  BIGINT       NOT NULL,
    total_tokens       BIGINT       NOT NULL,
    cached_tokens      BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    cost               TEXT,
    latency_ms         BIGINT       NOT NULL,
    ttft_ms            BIGINT,
    outcome            VARCHAR(32)  NOT NULL,
    estimated          SMALLINT     NOT NULL,
    attempt            INTEGER      NOT NULL,
    retried            SMALLINT     NOT NULL
);
CREATE INDEX usage_request_log_time ON usage_request_log (occurred_at);
CREATE INDEX usage_request_log_key ON usage_request_log (key_id, occurred_at);
CREATE INDEX usage_request_log_team ON usage_request_log (team_id, occurred_at);
CREATE INDEX usage_request_log_alias ON usage_request_log (alias, occurred_at);
CREATE INDEX usage_request_log_request ON usage_request_log (request_id);

CREATE TABLE usage_report_hourly (
    bucket_start       BIGINT       NOT NULL,
    key_id             VARCHAR(64)  NOT NULL,
    team_id            VARCHAR(64)  NOT NULL,
    alias              VARCHAR(128) NOT NULL,
    provider           VARCHAR(128) NOT NULL,
    outcome            VARCHAR(32)  NOT NULL,
    requests           BIGINT       NOT NULL,
    prompt_tokens      BIGINT       NOT NULL,
    completion_tokens  BIGINT       NOT NULL,
    total_tokens       BIGINT       NOT NULL,
    cached_tokens      BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    cost_pico          BIGINT       NOT NULL,
    cost_extra         TEXT,
    unpriced_entries   BIGINT       NOT NULL,
    PRIMARY KEY (bucket_start, key_id, team_id, alias, provider, outcome)
);
CREATE INDEX usage_report_hourly_key ON usage_report_hourly (key_id, bucket_start);
CREATE INDEX usage_report_hourly_team ON usage_report_hourly (team_id, bucket_start);
CREATE INDEX usage_report_hourly_alias ON usage_report_hourly (alias, bucket_start);

CREATE TABLE usage_report_daily (
    bucket_start       BIGINT       NOT NULL,
    key_id             VARCHAR(64)  NOT NULL,
    team_id            VARCHAR(64)  NOT NULL,
    alias              VARCHAR(128) NOT NULL,
    provider           VARCHAR(128) NOT NULL,
    outcome            VARCHAR(32)  NOT NULL,
    requests           BIGINT       NOT NULL,
    prompt_tokens      BIGINT       NOT NULL,
    completion_tokens  BIGINT       NOT NULL,
    total_tokens       BIGINT       NOT NULL,
    cached_tokens      BIGINT       NOT NULL,
    cache_write_tokens BIGINT       NOT NULL,
    cost_pico          BIGINT       NOT NULL,
    cost_extra         TEXT,
    unpriced_entries   BIGINT       NOT NULL,
    PRIMARY KEY (bucket_start, key_id, team_id, alias, provider, outcome)
);
CREATE INDEX usage_report_daily_key ON usage_report_daily (key_id, bucket_start);
CREATE INDEX usage_report_daily_team ON usage_report_daily (team_id, bucket_start);
CREATE INDEX usage_report_daily_alias ON usage_report_daily (alias, bucket_start);
