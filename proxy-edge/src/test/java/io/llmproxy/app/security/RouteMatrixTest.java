package io.llmproxy.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.app.security.RouteAccess.Caller;
import io.llmproxy.app.security.RouteAccess.Need;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawHttp;
import io.llmproxy.support.RegisteredRoutes;
import io.llmproxy.support.RegisteredRoutes.Route;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Every route the running application registers, called by every kind of caller and, when it is
 * protected, under every spelling of its path that a server might read as the same path. Routes
 * come from the application's handler mappings ({@link RegisteredRoutes}); who they are for comes
 * from {@link RouteAccess}, which must name each of them.
 */
@EndToEnd
class RouteMatrixTest {

  private static final Set<Integer> REFUSED = Set.of(400, 401, 403, 404);

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static MatrixFixture fixture;
  private static List<Route> routes;
  private static int port;

  @BeforeAll
  static void start() {
    // the startup report's endpoint is registered only when asked for: the matrix asks, to probe it
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.metrics-token",
                MatrixFixture.METRICS_TOKEN,
                "llmproxy.startup-report",
                true));
    fixture = MatrixFixture.prepare(node);
    routes = RegisteredRoutes.of(node.context());
    port = RawHttp.port(node);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theRoutesAreReadFromEveryKindOfHandlerMapping() {
    Map<String, Integer> perMapping = new TreeMap<>();
    routes.forEach(route -> perMapping.merge(route.mapping(), 1, Integer::sum));
    System.out.printf("route matrix: %d registered routes %s%n", routes.size(), perMapping);
    routes.forEach(route -> System.out.println("route matrix: " + route));
    assertThat(perMapping)
        .containsKeys(
            "RequestMappingHandlerMapping",
            "WebFluxEndpointHandlerMapping",
            "RouterFunctionMapping",
            "SimpleUrlHandlerMapping");
    assertThat(routes)
        .extracting(Route::pattern)
        .contains(
            "/admin/keys",
            "/api/usage/stream",
            "/v1/messages",
            "/actuator/prometheus",
            "/actuator/startup",
            "/");
  }

  @Test
  void everyRegisteredRouteHasAnAccessDecision() {
    List<String> undecided = new ArrayList<>();
    for (Route route : routes) {
      for (HttpMethod method : RouteAccess.probedMethods(route)) {
        if (RouteAccess.need(method, route).isEmpty()) {
          undecided.add(method + " " + route);
        }
      }
    }
    assertThat(undecided).as("routes RouteAccess does not decide: add a line for each").isEmpty();
  }

  @Test
  void everyControllerMethodIsGuardedByPreAuthorize() {
    List<String> unguarded =
        routes.stream()
            .filter(route -> route.mapping().equals("RequestMappingHandlerMapping"))
            .filter(
                route ->
                    !AnnotatedElementUtils.hasAnnotation(
                            route.handler().getMethod(), PreAuthorize.class)
                        && !AnnotatedElementUtils.hasAnnotation(
                            route.handler().getBeanType(), PreAuthorize.class))
            .map(route -> route + " " + route.handler().getShortLogMessage())
            .toList();
    assertThat(unguarded).isEmpty();
  }

  @Test
  void eachCallerIsServedWhatItsRoleGrantsAndRefusedTheRest() throws IOException {
    long eventsBefore = adminEvents();
    Map<Integer, Integer> refusedStatuses = new TreeMap<>();
    Map<Integer, Integer> servedStatuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    // refused callers first, at live resources: nothing they send may change anything
    for (boolean allowed : new boolean[] {false, true}) {
      for (Route route : routes) {
        for (HttpMethod method : RouteAccess.probedMethods(route)) {
          Need need = RouteAccess.need(method, route).orElse(Need.NOBODY);
          for (Caller caller : Caller.values()) {
            if (RouteAccess.allows(need, caller, fixture.path(route, allowed)) != allowed) {
              continue;
            }
            RawHttp.Request request = fixture.request(route, method, caller, allowed);
            RawHttp.Response response = RawHttp.send(port, request);
            (allowed ? servedStatuses : refusedStatuses).merge(response.status(), 1, Integer::sum);
            boolean right =
                allowed
                    ? response.status() != 401
                        && response.status() != 403
                        && response.status() < 500
                    : REFUSED.contains(response.status());
            if (!right) {
              failures.add(caller + " " + need + " " + request + " -> " + response);
            }
          }
        }
      }
      if (!allowed) {
        assertThat(adminEvents()).as("events stored by refused callers").isEqualTo(eventsBefore);
      }
    }
    System.out.printf(
        "route matrix callers: refused %s, served %s%n", refusedStatuses, servedStatuses);
    failures.forEach(failure -> System.out.println("ROUTE MATRIX FAILURE " + failure));
    assertThat(failures).isEmpty();
    expectNoBypassUser();
  }

  @Test
  void noSpellingOfAProtectedPathGetsPastSecurity() throws IOException {
    long eventsBefore = adminEvents();
    Map<String, Integer> perFamily = new TreeMap<>();
    Map<String, Map<Integer, Integer>> statuses = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (Route route : routes) {
      for (HttpMethod method : RouteAccess.probedMethods(route)) {
        Need need = RouteAccess.need(method, route).orElse(Need.NOBODY);
        if (need == Need.PUBLIC) {
          continue;
        }
        List<Caller> callers =
            need == Need.ADMIN
                ? List.of(Caller.ANONYMOUS, Caller.VIEWER)
                : List.of(Caller.ANONYMOUS);
        for (Caller caller : callers) {
          RawHttp.Request base = fixture.request(route, method, caller, false);
          String path = fixture.path(route, false);
          for (var family : PathVariants.of(base, path, MatrixFixture.query(route)).entrySet()) {
            for (RawHttp.Request variant : family.getValue()) {
              perFamily.merge(family.getKey(), 1, Integer::sum);
              RawHttp.Response response = RawHttp.send(port, variant);
              statuses
                  .computeIfAbsent(family.getKey(), f -> new TreeMap<>())
                  .merge(response.status(), 1, Integer::sum);
              if (!REFUSED.contains(response.status())) {
                failures.add(family.getKey() + " " + caller + " " + variant + " -> " + response);
              }
            }
          }
        }
      }
    }
    int total = perFamily.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("path variants: %d requests, per family %s%n", total, perFamily);
    System.out.printf("path variants: statuses per family %s%n", statuses);
    failures.forEach(failure -> System.out.println("PATH VARIANT FAILURE " + failure));
    assertThat(failures).isEmpty();
    assertThat(adminEvents()).as("events stored by path variants").isEqualTo(eventsBefore);
    expectNoBypassUser();
  }

  private static long adminEvents() {
    return node.administrativeEvents().size();
  }

  private static void expectNoBypassUser() {
    node.http()
        .post()
        .uri("/admin/session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("username", MatrixFixture.BYPASS_USER, "password", MatrixFixture.PASSWORD))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }
}
