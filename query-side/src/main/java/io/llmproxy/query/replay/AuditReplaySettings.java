package io.llmproxy.query.replay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code llmproxy.audit.*}.
 *
 * @param projectionWait how long a replay waits for the live rollups to reach the end of the ledger
 *     it read before it fails
 * @param keepResults how many replay results are kept in memory, newest first (lost on restart)
 * @param pageSize events read from the store per query
 * @param maxDiscrepancies discrepancies listed in a result; beyond it they are only counted
 */
@ConfigurationProperties(prefix = "llmproxy.audit")
public record AuditReplaySettings(
    @DefaultValue("10m") Duration projectionWait,
    @DefaultValue("20") int keepResults,
    @DefaultValue("1000") int pageSize,
    @DefaultValue("1000") int maxDiscrepancies) {

  public AuditReplaySettings {
    if (keepResults < 1 || pageSize < 1 || maxDiscrepancies < 0) {
      throw new IllegalArgumentException(
          "llmproxy.audit: keep-results and page-size must be positive, max-discrepancies not"
              + " negative");
    }
  }
}
