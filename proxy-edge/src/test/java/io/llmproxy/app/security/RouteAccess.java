package io.llmproxy.app.security;

import io.llmproxy.support.RegisteredRoutes.Route;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/**
 * Who each registered route is meant for, decided here by path pattern and not read from the
 * application, so that the matrix compares the application against an independent statement. A
 * registered route that no line names fails the matrix: a new endpoint needs a decision here.
 */
final class RouteAccess {

  /** What a caller must hold. */
  enum Need {
    PUBLIC,
    VIEWER,
    ADMIN,
    VIRTUAL_KEY,
    /** the scrape token of {@code llmproxy.metrics-token} */
    METRICS,
    /** registered by a framework but deliberately not served */
    NOBODY
  }

  /** The credentials the matrix tries. */
  enum Caller {
    ANONYMOUS,
    VIEWER,
    ADMIN,
    KEY_BEARER,
    KEY_X_API_KEY,
    METRICS
  }

  /** {@code pattern} names one route pattern, or with {@code prefix} every pattern below it. */
  private record Line(HttpMethod method, String pattern, boolean prefix, Need need) {

    boolean matches(HttpMethod probed, String routePattern) {
      if (method != null && !method.equals(probed)) {
        return false;
      }
      return prefix
          ? routePattern.equals(pattern) || routePattern.startsWith(pattern + "/")
          : routePattern.equals(pattern);
    }
  }

  /** First matching line wins: exact lines before the surfaces they sit in. */
  private static final List<Line> LINES =
      List.of(
          exactly(HttpMethod.POST, "/admin/session", Need.PUBLIC),
          exactly(HttpMethod.DELETE, "/admin/session", Need.VIEWER),
          under(null, "/admin", Need.ADMIN),
          under(null, "/api", Need.VIEWER),
          under(null, "/v1", Need.VIRTUAL_KEY),
          under(HttpMethod.GET, "/actuator/health", Need.PUBLIC),
          exactly(HttpMethod.GET, "/actuator/prometheus", Need.METRICS),
          // GET reads the recorded start steps, POST drains them (llmproxy.startup-report=true)
          exactly(null, "/actuator/startup", Need.ADMIN),
          // the actuator's index of links is mapped but no rule serves it
          exactly(HttpMethod.GET, "/actuator", Need.NOBODY),
          exactly(HttpMethod.GET, "/actuator/", Need.NOBODY),
          // the welcome page router and the static resource handler: the dashboard's files
          exactly(HttpMethod.GET, "/", Need.PUBLIC),
          exactly(HttpMethod.GET, "/**", Need.PUBLIC),
          exactly(HttpMethod.HEAD, "/**", Need.PUBLIC),
          // Spring Boot maps webjars; the dashboard has none and no rule serves them
          exactly(HttpMethod.GET, "/webjars/**", Need.NOBODY),
          exactly(HttpMethod.HEAD, "/webjars/**", Need.NOBODY));

  private RouteAccess() {}

  /** What calling {@code route} with {@code method} needs; empty when no line decides it. */
  static Optional<Need> need(HttpMethod method, Route route) {
    return LINES.stream()
        .filter(line -> line.matches(method, route.pattern()))
        .map(Line::need)
        .findFirst();
  }

  /** Whether {@code caller} holds what {@code need} asks for on {@code path}. */
  static boolean allows(Need need, Caller caller, String path) {
    return switch (need) {
      case PUBLIC -> true;
      case VIEWER -> caller == Caller.VIEWER || caller == Caller.ADMIN;
      case ADMIN -> caller == Caller.ADMIN;
      // only Anthropic's door reads x-api-key, as Anthropic's SDKs send it there
      case VIRTUAL_KEY ->
          caller == Caller.KEY_BEARER
              || (caller == Caller.KEY_X_API_KEY && path.equals("/v1/messages"));
      case METRICS -> caller == Caller.METRICS;
      case NOBODY -> false;
    };
  }

  /** The methods a route is probed with: its own, or GET when it takes any. */
  static List<HttpMethod> probedMethods(Route route) {
    return route.methods().isEmpty() ? List.of(HttpMethod.GET) : List.copyOf(route.methods());
  }

  private static Line exactly(HttpMethod method, String pattern, Need need) {
    return new Line(method, pattern, false, need);
  }

  private static Line under(HttpMethod method, String prefix, Need need) {
    return new Line(method, prefix, true, need);
  }
}
