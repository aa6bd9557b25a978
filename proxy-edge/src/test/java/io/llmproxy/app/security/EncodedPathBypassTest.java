package io.llmproxy.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.users.AdminUsernames;
import io.llmproxy.support.AdminApi;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawHttp;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;

/**
 * The attack that was reported: {@code curl --path-as-is -X POST http://host:8080/%61dmin/keys}
 * answered 201 with a working key, because the admin check compared the raw, still encoded path
 * with a prefix while the handler mapping decoded it. The same requests, sent byte for byte, must
 * now be refused and change nothing; the same requests from a real administrator must still work
 * and be recorded as theirs.
 */
@EndToEnd
class EncodedPathBypassTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRAIL = "/api/audit/admin-events?limit=200";
  private static final String PASSWORD = "a long enough password";

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static AdminApi api;
  private static int port;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
    api = new AdminApi(node, admin);
    port = RawHttp.port(node);
    node.route(admin, "existing", "mock", "mock-1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> api.get("/api/audit/admin-events?subject_id=existing").path("data").size() == 1);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anonymousEncodedPathsAreRefusedAndChangeNothing() throws IOException {
    int eventsBefore = adminEvents().size();
    JsonNode keysBefore = api.get("/api/keys?limit=200");
    JsonNode trailBefore = api.get(TRAIL);

    Map<String, RawHttp.Request> attacks = new LinkedHashMap<>();
    attacks.put(
        "issue a key",
        RawHttp.request("POST", "/%61dmin/keys").json("{\"name\":\"x\",\"models\":[\"*\"]}"));
    attacks.put(
        "create an admin",
        RawHttp.request("POST", "/%61dmin/users")
            .json(
                "{\"username\":\"mallory\",\"role\":\"admin\",\"password\":\"" + PASSWORD + "\"}"));
    attacks.put("list the keys", RawHttp.request("GET", "/%61pi/keys"));
    attacks.put(
        "route a model",
        RawHttp.request("PUT", "/%61dmin/models/x")
            .json("{\"provider\":\"mock\",\"model\":\"mock-1\"}"));
    attacks.put(
        "follow the live usage",
        RawHttp.request("GET", "/%61pi/usage/stream").header("Accept", "text/event-stream"));

    // every effect is checked and reported, not only the first one found; the decoded path lies
    // on an API surface, so the refusal is that surface's 401, not a 404 for an unknown path
    SoftAssertions softly = new SoftAssertions();
    for (var attack : attacks.entrySet()) {
      RawHttp.Response answer = send(attack.getValue());
      softly
          .assertThat(answer.status())
          .as(attack.getKey() + ": " + attack.getValue() + " -> " + answer)
          .isEqualTo(401);
      softly.assertThat(answer.text()).as(attack.getKey()).doesNotContain("sk-llmp-");
    }
    softly.assertThat(adminEvents().size()).as("events stored").isEqualTo(eventsBefore);
    softly.assertThat(api.get("/api/keys?limit=200")).as("key listing").isEqualTo(keysBefore);
    softly.assertThat(api.get(TRAIL)).as("admin trail").isEqualTo(trailBefore);
    RawHttp.Response mallory =
        send(
            RawHttp.request("POST", "/admin/session")
                .json("{\"username\":\"mallory\",\"password\":\"" + PASSWORD + "\"}"));
    softly.assertThat(mallory.status()).as("mallory signs in").isEqualTo(401);
    RawHttp.Response routed =
        send(
            RawHttp.request("GET", "/v1/models/x")
                .header("Authorization", "Bearer " + node.issueKey(admin, "probe", List.of("*"))));
    softly.assertThat(routed.status()).as("model x was routed").isEqualTo(404);
    softly.assertAll();
  }

  @Test
  void anAdministratorsRequestsAreRecordedAsTheirsHoweverThePathIsSpelt() throws IOException {
    int eventsBefore = adminEvents().size();
    RawHttp.Response plain =
        send(
            RawHttp.request("POST", "/admin/keys")
                .header("Authorization", "Bearer " + admin)
                .json("{\"name\":\"by-admin-plain\",\"models\":[\"*\"]}"));
    RawHttp.Response encoded =
        send(
            RawHttp.request("POST", "/%61dmin/keys")
                .header("Authorization", "Bearer " + admin)
                .json("{\"name\":\"by-admin-encoded\",\"models\":[\"*\"]}"));
    RawHttp.Response user =
        send(
            RawHttp.request("POST", "/%61dmin/users")
                .header("Authorization", "Bearer " + admin)
                .json(
                    "{\"username\":\"olivia\",\"role\":\"viewer\",\"password\":\""
                        + PASSWORD
                        + "\"}"));
    RawHttp.Response route =
        send(
            RawHttp.request("PUT", "/%61dmin/models/by-admin")
                .header("Authorization", "Bearer " + admin)
                .json("{\"provider\":\"mock\",\"model\":\"mock-1\"}"));
    assertThat(List.of(plain.status(), encoded.status(), user.status(), route.status()))
        .containsExactly(201, 201, 201, 200);
    String plainKey = issuedKey(plain);
    String encodedKey = issuedKey(encoded);

    // user streams are named "admin-user/<name>", which the subject_id filter does not accept:
    // the lines are found in the whole trail
    List<String> subjects =
        List.of(
            ProxyNode.keyId(plainKey),
            ProxyNode.keyId(encodedKey),
            AdminUsernames.streamId("olivia"),
            "by-admin");
    Map<String, JsonNode> lines =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> linesBySubject(subjects), found -> found.size() == subjects.size());
    lines.forEach(
        (subject, line) -> {
          assertThat(line.path("actor").asText()).as(subject).isEqualTo("admin");
          assertThat(line.path("actor_role").asText()).as(subject).isEqualTo("admin");
        });
    // straight from the store: each event these requests caused names who caused it
    List<TrackedEventMessage<?>> caused = adminEvents();
    assertThat(caused.subList(eventsBefore, caused.size()))
        .hasSize(4)
        .allSatisfy(
            event ->
                assertThat(event.getMetaData())
                    .as(event.getPayloadType().getSimpleName())
                    .containsEntry("actor", "admin")
                    .containsEntry("actor_role", "admin"));
    // and the key issued through the encoded path is listed like any other (the other test
    // compares listings, so the read model must have caught up before this test ends)
    for (String key : List.of(plainKey, encodedKey)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  api.call(HttpMethod.GET, "/api/keys/" + ProxyNode.keyId(key), null)
                      .returnResult(Void.class)
                      .getStatus()
                      .value(),
              status -> status == 200);
    }
  }

  private static String issuedKey(RawHttp.Response issued) throws IOException {
    return JSON.readTree(issued.body()).path("key").asText();
  }

  private static Map<String, JsonNode> linesBySubject(List<String> subjects) {
    Map<String, JsonNode> lines = new LinkedHashMap<>();
    for (JsonNode line : api.get(TRAIL).path("data")) {
      String subject = line.path("subject_id").asText();
      if (subjects.contains(subject)) {
        lines.put(subject, line);
      }
    }
    return lines;
  }

  private static List<TrackedEventMessage<?>> adminEvents() {
    return node.administrativeEvents();
  }

  private static RawHttp.Response send(RawHttp.Request request) throws IOException {
    return RawHttp.send(port, request);
  }
}
