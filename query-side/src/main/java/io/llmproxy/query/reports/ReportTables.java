package io.llmproxy.query.reports;

/** Where the reporting read models live (see migration V2_5). */
final class ReportTables {

  /** The pooled streaming processor writing every table below, with its token, in one commit. */
  static final String PROCESSOR = "usage-reports";

  static final String REQUEST_LOG = "usage_request_log";
  static final String HOURLY = "usage_report_hourly";
  static final String DAILY = "usage_report_daily";

  /** Stands for "no team" in key columns, which cannot hold NULL. */
  static final String NO_TEAM = "";

  private ReportTables() {}
}
