-- Every price a model ever had: the source of /api/prices. Prices are exact decimal text (SQLite
-- would turn a numeric column into a binary float); times are epoch microseconds.
CREATE TABLE price_history (
    version                 VARCHAR(200) NOT NULL PRIMARY KEY,
    model                   VARCHAR(200) NOT NULL,
    input_per_million       VARCHAR(64)  NOT NULL,
    output_per_million      VARCHAR(64)  NOT NULL,
    cached_input_per_million VARCHAR(64),
    cache_write_per_million VARCHAR(64),
    effective_from          BIGINT       NOT NULL,
    source                  VARCHAR(200) NOT NULL,
    set_at                  BIGINT       NOT NULL
);

CREATE INDEX price_history_model ON price_history (model, effective_from);
