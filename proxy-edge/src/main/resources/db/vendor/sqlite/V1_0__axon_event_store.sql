-- Axon Framework's JPA tables, written by hand because Hibernate's SQLite DDL drops the unique
-- (aggregate_identifier, sequence_number) constraint that makes concurrent appends safe.

CREATE TABLE domain_event_entry (
    global_index         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BLOB,
    payload              BLOB         NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255)
);
CREATE UNIQUE INDEX domain_event_entry_event_identifier ON domain_event_entry (event_identifier);
CREATE UNIQUE INDEX domain_event_entry_aggregate_sequence
    ON domain_event_entry (aggregate_identifier, sequence_number);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    meta_data            BLOB,
    payload              BLOB         NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number, type)
);
CREATE UNIQUE INDEX snapshot_event_entry_event_identifier ON snapshot_event_entry (event_identifier);

CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    owner          VARCHAR(255),
    timestamp      VARCHAR(255) NOT NULL,
    token          BLOB,
    token_type     VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
