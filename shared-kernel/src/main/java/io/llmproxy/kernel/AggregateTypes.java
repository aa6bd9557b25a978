package io.llmproxy.kernel;

/**
 * The names under which event streams are stored. They are part of the stored data, so they are
 * fixed here rather than derived from class names that may be refactored.
 */
public final class AggregateTypes {

  public static final String API_KEY = "ApiKey";
  public static final String MODEL_ROUTE = "ModelRoute";
  public static final String TEAM = "Team";
  public static final String PRICE_LIST = "PriceList";
  public static final String BUDGET = "Budget";
  public static final String USAGE_LEDGER = "UsageLedger";
  public static final String ADMIN_USER = "AdminUser";
  public static final String ADMIN_SESSIONS = "AdminSessions";

  private AggregateTypes() {}
}
