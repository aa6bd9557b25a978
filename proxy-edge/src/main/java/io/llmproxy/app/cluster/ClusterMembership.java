package io.llmproxy.app.cluster;

import io.llmproxy.app.storage.StorageProfiles;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The nodes sharing the database, as a table of heartbeats: a node is alive while its row is
 * younger than {@link #ALIVE_FOR}, and removes its row when it stops. Nodes' clocks are compared,
 * so they must agree to well within that time (NTP does).
 */
@Component
@Profile(StorageProfiles.POSTGRES)
class ClusterMembership {

  static final Duration ALIVE_FOR = Duration.ofSeconds(5);

  private static final String BEAT =
      "INSERT INTO cluster_node (node_id, heartbeat_at, joined_at) VALUES (?, ?, ?)"
          + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at";

  private final JdbcTemplate jdbc;
  private final NodeName node;
  private final Clock clock;

  ClusterMembership(DataSource dataSource, NodeName node, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.node = node;
    this.clock = clock;
  }

  void heartbeat() {
    long now = clock.millis();
    jdbc.update(BEAT, node.value(), now, now);
  }

  /** Alive nodes, this one included even if its heartbeat has not been written yet. */
  int liveNodes() {
    Integer others =
        jdbc.queryForObject(
            "SELECT count(*) FROM cluster_node WHERE heartbeat_at > ? AND node_id <> ?",
            Integer.class,
            clock.millis() - ALIVE_FOR.toMillis(),
            node.value());
    return 1 + (others == null ? 0 : others);
  }

  void leave() {
    jdbc.update("DELETE FROM cluster_node WHERE node_id = ?", node.value());
  }
}
