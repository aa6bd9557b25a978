-- The nodes sharing this database, each renewing its row every second (io.llmproxy.app.cluster):
-- how many are alive decides each one's fair share of the event processors' segments.
CREATE TABLE cluster_node (
    node_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    heartbeat_at BIGINT       NOT NULL, -- epoch milliseconds
    joined_at    BIGINT       NOT NULL
);
