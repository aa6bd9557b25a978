package io.llmproxy.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second line: with the URL rules for {@code /admin/**} and {@code /api/**} wrongly opened to
 * everyone ({@link MissedMatcherRules}), each controller's {@code @PreAuthorize} still refuses
 * callers without the role, and nothing they send is stored; an administrator is still served.
 */
@EndToEnd
class HandlerLevelCheckTest {

  private static final String PASSWORD = "a long enough password";

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static String viewer;
  private static String key;
  private static int port;

  private record Call(String method, String path, String body) {}

  /** A caller and the statuses it must get from the admin and the reporting calls. */
  private record Caller(String name, String authorization, int onAdmin, int onReports) {}

  private static final List<Call> ADMIN_CALLS =
      List.of(
          new Call(
              "POST", "/admin/keys", "{\"name\":\"through-a-missed-rule\",\"models\":[\"*\"]}"),
          new Call(
              "POST",
              "/admin/users",
              "{\"username\":\"mallory\",\"role\":\"admin\",\"password\":\"" + PASSWORD + "\"}"));
  private static final List<Call> VIEWER_CALLS =
      List.of(new Call("GET", "/api/keys", null), new Call("GET", "/api/usage/summary", null));

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of(), MissedMatcherRules.class);
    admin = node.login();
    node.createUser(admin, "vera", "viewer", PASSWORD);
    viewer = node.login("vera", PASSWORD);
    key = node.issueKey(admin, "caller", List.of("*"));
    port = RawHttp.port(node);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void theUrlRulesAreReallyOpenInThisNode() throws IOException {
    // with the real rules an anonymous call under /api is refused (401) before any handler is
    // looked for; here it gets as far as finding there is none
    assertThat(send(new Call("GET", "/api/no-such-report", null), null).status()).isEqualTo(404);
    assertThat(send(new Call("GET", "/admin/no-such-thing", null), null).status()).isEqualTo(404);
  }

  @Test
  void callersWithoutTheRoleAreRefusedByTheControllersAndChangeNothing() throws IOException {
    long eventsBefore = adminEvents();
    List<String> failures = new ArrayList<>();
    // with no URL rule in the way, the controller's check decides: no principal is 401, the
    // wrong role 403; a key is not an admin token, so its bearer is refused as one (401)
    List<Caller> callers =
        List.of(
            new Caller("anonymous", null, 401, 401),
            new Caller("viewer", "Bearer " + viewer, 403, 200),
            new Caller("virtual key", "Bearer " + key, 401, 401));
    for (Caller caller : callers) {
      for (Call call : ADMIN_CALLS) {
        expect(failures, caller, call, caller.onAdmin());
      }
      for (Call call : VIEWER_CALLS) {
        expect(failures, caller, call, caller.onReports());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(adminEvents()).isEqualTo(eventsBefore);
    RawHttp.Response mallory =
        send(
            new Call(
                "POST",
                "/admin/session",
                "{\"username\":\"mallory\",\"password\":\"" + PASSWORD + "\"}"),
            null);
    assertThat(mallory.status()).isEqualTo(401);
  }

  @Test
  void anAdministratorIsStillServed() throws IOException {
    assertThat(send(ADMIN_CALLS.get(0), "Bearer " + admin).status()).isEqualTo(201);
    Call olivia =
        new Call(
            "POST",
            "/admin/users",
            "{\"username\":\"olivia\",\"role\":\"viewer\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(send(olivia, "Bearer " + admin).status()).isEqualTo(201);
    for (Call call : VIEWER_CALLS) {
      assertThat(send(call, "Bearer " + admin).status()).as(call.path()).isEqualTo(200);
    }
  }

  private static void expect(List<String> failures, Caller caller, Call call, int status)
      throws IOException {
    RawHttp.Response response = send(call, caller.authorization());
    if (response.status() != status) {
      failures.add(
          caller.name()
              + " "
              + call.method()
              + " "
              + call.path()
              + ": expected "
              + status
              + ", got "
              + response);
    }
  }

  private static RawHttp.Response send(Call call, String authorization) throws IOException {
    RawHttp.Request request = RawHttp.request(call.method(), call.path()).json(call.body());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return RawHttp.send(port, request);
  }

  private static long adminEvents() {
    return node.administrativeEvents().size();
  }
}
