package io.llmproxy.query.usage;

import io.llmproxy.kernel.usage.UsageTotals;
import io.llmproxy.query.readmodel.DecimalText;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where the usage rollups live, for the readers of other query-side packages (statements, audit
 * replay). Hours and days are UTC and stored as the epoch second they start at; money columns are
 * decimal text (see {@link io.llmproxy.query.readmodel.DecimalText}).
 */
public final class RollupTables {

  /**
   * The pooled streaming processor that writes every table below, with its token, in one commit.
   */
  public static final String PROCESSOR = "usage-rollups";

  /** (key_id, alias, hour_start). */
  public static final String KEY_ALIAS_HOURLY = "usage_hourly_by_key_alias";

  /** (team_id, alias, day_start); entries of keys without a team are not in it. */
  public static final String TEAM_ALIAS_DAILY = "usage_daily_by_team_alias";

  /** (provider, upstream_model, day_start). */
  public static final String PROVIDER_MODEL_DAILY = "usage_daily_by_provider_model";

  /** (owner_kind, owner_id, provider, upstream_model, day_start): statement lines. */
  public static final String OWNER_MODEL_DAILY = "usage_daily_by_owner_model";

  /** Values of {@code owner_kind}. */
  public static final String OWNER_KEY = "key";

  public static final String OWNER_TEAM = "team";

  /** The figures of every table, in this order. {@code cost} is decimal text. */
  public static final String MEASURES =
      "requests, prompt_tokens, completion_tokens, total_tokens, cached_tokens,"
          + " cache_write_tokens, cost, unpriced_entries";

  private RollupTables() {}

  /** The {@link #MEASURES} of the current row. */
  public static UsageTotals measures(ResultSet rs) throws SQLException {
    return measures(rs, DecimalText.parse(rs.getString("cost")));
  }

  /**
   * The counts of the current row, with {@code cost} read by the caller: tables that keep money in
   * another form share the other columns' names.
   */
  public static UsageTotals measures(ResultSet rs, BigDecimal cost) throws SQLException {
    return new UsageTotals(
        rs.getLong("requests"),
        rs.getLong("prompt_tokens"),
        rs.getLong("completion_tokens"),
        rs.getLong("total_tokens"),
        rs.getLong("cached_tokens"),
        rs.getLong("cache_write_tokens"),
        cost,
        rs.getLong("unpriced_entries"));
  }
}
