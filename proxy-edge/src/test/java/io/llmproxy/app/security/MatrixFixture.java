package io.llmproxy.app.security;

import io.llmproxy.app.security.RouteAccess.Caller;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawHttp;
import io.llmproxy.support.RegisteredRoutes.Route;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;

/**
 * The things a route matrix calls routes with: one credential per kind of caller, and live
 * resources for every path variable. A refused caller is sent at the live resources with bodies the
 * handler would accept, so that a request which slipped past security would answer 2xx and show.
 * The caller a route is for is sent at ids that do not exist, so that the matrix never suspends,
 * revokes or renames the resources the other probes aim at.
 */
final class MatrixFixture {

  static final String METRICS_TOKEN = "matrix-scrape-token-0123456789";
  static final String ALIAS = "matrix-model";
  static final String PASSWORD = "a long enough password";

  /** An administrator a request that slipped through would have created. */
  static final String BYPASS_USER = "mallory-bypass";

  /** The reconciliation a refused caller's upload would create, had it reached the handler. */
  private static final String RECONCILIATION =
      "?provider=mock&format=openai-json&from="
          + LocalDate.now(ZoneOffset.UTC).minusDays(1)
          + "&to="
          + LocalDate.now(ZoneOffset.UTC).plusDays(1);

  private final ProxyNode node;
  private final String admin;
  private final String viewer;
  private final String key;
  private final Map<String, String> live;
  private final Map<String, String> liveIds;
  private final Map<String, String> absent;

  private MatrixFixture(
      ProxyNode node,
      String admin,
      String viewer,
      String key,
      Map<String, String> live,
      Map<String, String> liveIds) {
    this.node = node;
    this.admin = admin;
    this.viewer = viewer;
    this.key = key;
    this.live = live;
    this.liveIds = liveIds;
    this.absent =
        Map.of(
            "keyId", "nosuchkey0000",
            "teamId", "team_nosuchteam0",
            "username", "nobody-here",
            "model", "matrix-absent-model",
            "alias", "matrix-absent-alias",
            "id", "nosuchid0000",
            "path", "/liveness");
  }

  static MatrixFixture prepare(ProxyNode node) {
    String admin = node.login();
    node.createUser(admin, "matrix-viewer", "viewer", PASSWORD);
    node.createUser(admin, "matrix-sacrificed", "viewer", PASSWORD);
    node.route(admin, ALIAS, "mock", "mock-1");
    node.route(admin, "matrix-doomed", "mock", "mock-1");
    String key = node.issueKey(admin, "matrix-caller", List.of("*"));
    String sacrificed = ProxyNode.keyId(node.issueKey(admin, "matrix-sacrificed", List.of("*")));
    AdminApi api = new AdminApi(node, admin);
    String teamId =
        api.send(HttpMethod.POST, "/admin/teams", Map.of("name", "matrix-team"), 201)
            .path("id")
            .asText();
    api.send(
        HttpMethod.PUT,
        "/admin/prices/" + ALIAS,
        Map.of("input_per_million", 1, "output_per_million", 2),
        200);
    String reconciliation =
        api.send(
                HttpMethod.POST,
                "/admin/reconciliations" + RECONCILIATION,
                Map.of("object", "page", "data", List.of(), "has_more", false),
                200)
            .path("id")
            .asText();
    String replay =
        api.send(HttpMethod.POST, "/admin/audit/replays", null, 202).path("id").asText();
    Map<String, String> live =
        Map.of(
            "keyId",
            sacrificed,
            "teamId",
            teamId,
            "username",
            "matrix-sacrificed",
            "model",
            ALIAS,
            "alias",
            "matrix-doomed",
            "path",
            "/liveness");
    // "{id}" names a different thing on each route
    Map<String, String> liveIds =
        Map.of("/admin/reconciliations/{id}", reconciliation, "/admin/audit/replays/{id}", replay);
    return new MatrixFixture(
        node, admin, node.login("matrix-viewer", PASSWORD), key, live, liveIds);
  }

  /** The path a probe of {@code route} goes to, wildcards replaced by a file that exists. */
  String path(Route route, boolean allowed) {
    String pattern = route.pattern();
    if (pattern.equals("/**")) {
      return "/index.html";
    }
    if (pattern.equals("/webjars/**")) {
      return "/webjars/jquery.js";
    }
    if (pattern.replaceAll("\\{[^}]*}", "").contains("*")) {
      throw new IllegalStateException("no sample path for " + pattern + ": teach the matrix");
    }
    if (allowed) {
      return route.fill(absent);
    }
    Map<String, String> values = new HashMap<>(live);
    if (route.variables().contains("id")) {
      String id = liveIds.get(route.pattern());
      if (id == null) {
        throw new IllegalStateException("no live id for " + pattern + ": teach the matrix");
      }
      values.put("id", id);
    }
    return route.fill(values);
  }

  /**
   * The query string a route's mapping requires (or, for an upload, the handler), with its leading
   * {@code ?}; or nothing.
   */
  static String query(Route route) {
    if (route.pattern().equals("/admin/reconciliations")) {
      return RECONCILIATION;
    }
    return route.params().isEmpty()
        ? ""
        : route.params().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&", "?", ""));
  }

  /** {@code caller}'s request to {@code route}; {@code allowed} chooses the ids it aims at. */
  RawHttp.Request request(Route route, HttpMethod method, Caller caller, boolean allowed) {
    RawHttp.Request request =
        RawHttp.request(method.name(), path(route, allowed) + query(route))
            .header(
                "Accept", route.produces().isEmpty() ? "*/*" : route.produces().get(0).toString());
    if (signsOut(route, method) && (caller == Caller.VIEWER || caller == Caller.ADMIN)) {
      // signing out ends the token it carries: the matrix's own tokens must outlive the probe
      String fresh = caller == Caller.ADMIN ? node.login() : node.login("matrix-viewer", PASSWORD);
      request.header("Authorization", "Bearer " + fresh);
    } else {
      credential(request, caller);
    }
    return request.json(body(method, route.pattern(), allowed));
  }

  private static boolean signsOut(Route route, HttpMethod method) {
    return route.pattern().equals("/admin/session") && method.equals(HttpMethod.DELETE);
  }

  void credential(RawHttp.Request request, Caller caller) {
    switch (caller) {
      case ANONYMOUS -> {}
      case VIEWER -> request.header("Authorization", "Bearer " + viewer);
      case ADMIN -> request.header("Authorization", "Bearer " + admin);
      case KEY_BEARER -> request.header("Authorization", "Bearer " + key);
      case KEY_X_API_KEY ->
          request.header("x-api-key", key).header("anthropic-version", "2023-06-01");
      case METRICS -> request.header("Authorization", "Bearer " + METRICS_TOKEN);
    }
  }

  /** A body the handler accepts (null: none), so that only security stands in its way. */
  static String body(HttpMethod method, String pattern, boolean allowed) {
    String chat =
        "{\"model\":\"" + ALIAS + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    return switch (method.name() + " " + pattern) {
      case "POST /admin/keys" -> "{\"name\":\"matrix-bypass\",\"models\":[\"*\"]}";
      case "PATCH /admin/keys/{keyId}", "PATCH /admin/teams/{teamId}" -> "{\"name\":\"renamed\"}";
      case "POST /admin/keys/{keyId}/rotate" -> "{}";
      case "POST /admin/teams" -> "{\"name\":\"matrix-team-bypass\"}";
      case "POST /admin/users" ->
          "{\"username\":\""
              + (allowed ? "matrix-created" : BYPASS_USER)
              + "\",\"role\":\"admin\",\"password\":\""
              + PASSWORD
              + "\"}";
      case "PATCH /admin/users/{username}" -> "{\"role\":\"admin\"}";
      case "PUT /admin/models/{alias}" -> "{\"provider\":\"mock\",\"model\":\"mock-1\"}";
      case "PUT /admin/prices/{model}" -> "{\"input_per_million\":3,\"output_per_million\":4}";
      case "POST /admin/session" ->
          "{\"username\":\"admin\",\"password\":\"" + ProxyNode.ADMIN_PASSWORD + "\"}";
      case "POST /v1/chat/completions" -> chat + "}";
      case "POST /v1/messages" -> chat + ",\"max_tokens\":5}";
      case "POST /v1/completions" -> "{\"model\":\"" + ALIAS + "\",\"prompt\":\"hi\"}";
      case "POST /v1/embeddings" -> "{\"model\":\"" + ALIAS + "\",\"input\":\"hi\"}";
      case "POST /admin/reconciliations" ->
          "{\"object\":\"page\",\"data\":[],\"has_more\":false,\"next_page\":null}";
      default ->
          method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
              ? "{}"
              : null;
    };
  }
}
