package io.llmproxy.query.keys;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.query.readmodel.EpochMicros;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** How many keys of each team can be used right now: not suspended, revoked or expired. */
@Component
public class ActiveKeys {

  /** For a row {@code k} of the key list at {@code :now}. */
  static final String NOT_EXPIRED = "(k.expires_at IS NULL OR k.expires_at > :now)";

  /** The one definition of "active" in SQL, for a row {@code k} of the key list at {@code :now}. */
  static final String CONDITION = "k.status = 'active' AND " + NOT_EXPIRED;

  private final NamedParameterJdbcTemplate jdbc;

  ActiveKeys(@Qualifier(DataSources.READ_ONLY) DataSource dataSource) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
  }

  /** Teams without an active key are absent from the answer. */
  public Map<String, Long> perTeam(Collection<String> teamIds, Instant now) {
    Map<String, Long> counts = new HashMap<>();
    if (teamIds.isEmpty()) {
      return counts;
    }
    var params =
        new MapSqlParameterSource().addValue("teams", teamIds).addValue("now", EpochMicros.of(now));
    jdbc.query(
        "SELECT k.team_id, COUNT(*) AS active FROM api_key_list k"
            + " WHERE k.team_id IN (:teams) AND "
            + CONDITION
            + " GROUP BY k.team_id",
        params,
        rs -> {
          counts.put(rs.getString("team_id"), rs.getLong("active"));
        });
    return counts;
  }
}
