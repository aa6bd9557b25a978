package io.llmproxy.query.reports;

import io.llmproxy.kernel.DataSources;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.budget.BudgetPeriods;
import io.llmproxy.query.readmodel.BudgetView;
import io.llmproxy.query.readmodel.DecimalText;
import io.llmproxy.query.readmodel.EpochMicros;
import io.llmproxy.query.readmodel.SpendView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Period spend for the key and team lists: one grouped query per distinct period start on a page,
 * over daily totals when the period starts on a UTC day and hourly ones otherwise. Periods are the
 * budget guard's (calendar periods in {@code llmproxy.budget.time-zone}).
 */
@Component
public class BudgetSpend {

  /** Which column of the report tables the ids are. */
  public enum Owner {
    KEY("key_id"),
    TEAM("team_id");

    final String column;

    Owner(String column) {
      this.column = column;
    }
  }

  private final NamedParameterJdbcTemplate jdbc;
  private final ZoneId zone;

  BudgetSpend(
      @Qualifier(DataSources.READ_ONLY) DataSource dataSource,
      @Value("${llmproxy.budget.time-zone:UTC}") ZoneId zone) {
    this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    this.zone = zone;
  }

  /** The spend of each id in its budget's current period; ids absent from the map spent nothing. */
  public Map<String, SpendView> of(Owner owner, Map<String, BudgetView> budgets, Instant now) {
    Map<Instant, List<String>> byStart = new LinkedHashMap<>();
    Map<String, BudgetPeriod> periods = new HashMap<>();
    for (Map.Entry<String, BudgetView> entry : budgets.entrySet()) {
      BudgetPeriod period =
          entry.getValue() == null
              ? BudgetPeriod.MONTHLY
              : BudgetPeriod.valueOf(entry.getValue().period().toUpperCase(Locale.ROOT));
      periods.put(entry.getKey(), period);
      byStart
          .computeIfAbsent(BudgetPeriods.startOf(period, now, zone), start -> new ArrayList<>())
          .add(entry.getKey());
    }
    Map<String, SpendView> spend = new LinkedHashMap<>();
    byStart.forEach(
        (start, ids) -> {
          Map<String, BigDecimal> costs = costs(owner, ids, start);
          for (String id : ids) {
            spend.put(
                id,
                view(
                    periods.get(id),
                    start,
                    costs.getOrDefault(id, BigDecimal.ZERO),
                    budgets.get(id)));
          }
        });
    return spend;
  }

  private Map<String, BigDecimal> costs(Owner owner, List<String> ids, Instant since) {
    if (!since.truncatedTo(ChronoUnit.HOURS).equals(since)) {
      return loggedCosts(owner, ids, since);
    }
    boolean onUtcDay = since.truncatedTo(ChronoUnit.DAYS).equals(since);
    String sql =
        "SELECT "
            + owner.column
            + " AS owner, "
            + PicoDollars.SUM_COLUMNS
            + " FROM "
            + (onUtcDay ? ReportTables.DAILY : ReportTables.HOURLY)
            + " WHERE "
            + owner.column
            + " IN (:ids) AND bucket_start >= :since GROUP BY "
            + owner.column;
    Map<String, BigDecimal> costs = new HashMap<>();
    jdbc.query(
        sql,
        new MapSqlParameterSource("ids", ids).addValue("since", since.getEpochSecond()),
        rs -> {
          costs.put(
              rs.getString("owner"),
              PicoDollars.sum(
                  rs.getLong("cost_micros"), rs.getLong("cost_picos"), rs.getString("cost_extra")));
        });
    return costs;
  }

  /** A period starting inside a UTC hour (zones off whole hours): summed from the request log. */
  private Map<String, BigDecimal> loggedCosts(Owner owner, List<String> ids, Instant since) {
    Map<String, BigDecimal> costs = new HashMap<>();
    jdbc.query(
        "SELECT "
            + owner.column
            + " AS owner, cost FROM "
            + ReportTables.REQUEST_LOG
            + " WHERE "
            + owner.column
            + " IN (:ids) AND occurred_at >= :since AND cost IS NOT NULL",
        new MapSqlParameterSource("ids", ids).addValue("since", EpochMicros.of(since)),
        rs -> {
          costs.merge(rs.getString("owner"), new BigDecimal(rs.getString("cost")), BigDecimal::add);
        });
    return costs;
  }

  private static SpendView view(
      BudgetPeriod period, Instant start, BigDecimal cost, BudgetView budget) {
    BigDecimal limit = budget == null ? null : budget.limitUsd();
    BigDecimal percent =
        limit == null || limit.signum() == 0
            ? null
            : cost.multiply(BigDecimal.valueOf(100)).divide(limit, 2, RoundingMode.HALF_UP);
    return new SpendView(
        period.name().toLowerCase(Locale.ROOT), start, DecimalText.format(cost), limit, percent);
  }
}
