package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code /admin/users} over real HTTP, and the acting administrator recorded on every event. */
@EndToEnd
class AdminUsersHttpTest {

  private static final String PASSWORD = "a long enough password";

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    admin = node.login();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aCreatedUserCanSignInWithTheRoleGivenAndTheReplyHoldsNoSecret() {
    String reply =
        create(Map.of("username", "alice", "role", "admin", "password", PASSWORD))
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(json(reply))
        .isEqualTo(json("{\"username\":\"alice\",\"role\":\"admin\",\"disabled\":false}"));
    assertThat(reply).doesNotContain(PASSWORD).doesNotContain("$2");
    node.issueKey(node.login("alice", PASSWORD), "alice's key", List.of("*"));
  }

  @Test
  void aTakenUsernameIs409() {
    node.createUser(admin, "taken", "viewer", PASSWORD);
    create(Map.of("username", "taken", "role", "admin", "password", PASSWORD))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("an admin user named 'taken' already exists");
  }

  @Test
  void aUserMayBeNamedLikeAModelAliasWithoutTouchingTheRoute() {
    node.route(admin, "demo", "mock", "mock-1");
    node.createUser(admin, "demo", "viewer", PASSWORD);
    patch("demo", Map.of("role", "admin")).expectStatus().isNoContent();
    String key = node.issueKey(admin, "demo-key", List.of("demo"));
    node.chat(key, "demo", "hi").expectStatus().isOk();
  }

  @Test
  void theBootstrapAdministratorIsNotAnAdminUser() {
    create(Map.of("username", "admin", "role", "admin", "password", PASSWORD))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.message")
        .value(message -> assertThat((String) message).contains("bootstrap administrator"));
    patch("admin", Map.of("disabled", true)).expectStatus().isEqualTo(409);
    node.login();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "username with capitals|{\"username\":\"Bob\",\"role\":\"admin\",\"password\":\"a long enough password\"}|username must be 3-64 characters",
        "username too short|{\"username\":\"bo\",\"role\":\"admin\",\"password\":\"a long enough password\"}|username must be 3-64 characters",
        "no username|{\"role\":\"admin\",\"password\":\"a long enough password\"}|username must be 3-64 characters",
        "no role|{\"username\":\"bob\",\"password\":\"a long enough password\"}|role is required",
        "unknown role|{\"username\":\"bob\",\"role\":\"root\",\"password\":\"a long enough password\"}|role must be 'admin' or 'viewer'",
        "no password|{\"username\":\"bob\",\"role\":\"admin\"}|password is required",
        "short password|{\"username\":\"bob\",\"role\":\"admin\",\"password\":\"elevenchars\"}|password must be at least 12 characters",
        "password beyond bcrypt|{\"username\":\"bob\",\"role\":\"admin\",\"password\":\"ééééééééééééééééééééééééééééééééééééé\"}|password must be at most 72 bytes",
      })
  void badInputIs400NamingTheField(String what, String body, String message) {
    create(body)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("invalid_request_error")
        .jsonPath("$.error.message")
        .value(text -> assertThat((String) text).startsWith(message));
  }

  @Test
  void aPatchNeedsSomethingToChangeAndAnExistingUser() {
    node.createUser(admin, "patchy", "viewer", PASSWORD);
    patch("patchy", Map.of())
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("nothing to change: give role, password or disabled");
    patch("patchy", Map.of("password", "short")).expectStatus().isBadRequest();
    patch("patchy", Map.of("role", "owner")).expectStatus().isBadRequest();
    patch("nobody-here", Map.of("role", "admin"))
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("no admin user named 'nobody-here'");
  }

  @Test
  void anAdministratorCannotDisableOrDemoteThemself() {
    node.createUser(admin, "selma", "admin", PASSWORD);
    String selma = node.login("selma", PASSWORD);
    patchAs(selma, "selma", Map.of("disabled", true))
        .expectStatus()
        .isEqualTo(409)
        .expectBody()
        .jsonPath("$.error.message")
        .isEqualTo("you cannot disable yourself; another administrator has to");
    patchAs(selma, "selma", Map.of("role", "viewer", "password", "a brand new password"))
        .expectStatus()
        .isEqualTo(409);
    // refused as a whole: the password in the same request did not change either
    node.login("selma", PASSWORD);
    patchAs(selma, "selma", Map.of("password", "a brand new password"))
        .expectStatus()
        .isNoContent();
    node.login("selma", "a brand new password");
  }

  @Test
  void everyEventNamesTheAdministratorWhoseRequestCausedIt() throws SQLException {
    String byBootstrap = ProxyNode.keyId(node.issueKey(admin, "by bootstrap", List.of("*")));
    node.createUser(admin, "ada", "admin", PASSWORD);
    String ada = node.login("ada", PASSWORD);
    String byAda = ProxyNode.keyId(node.issueKey(ada, "by ada", List.of("*")));
    node.http()
        .post()
        .uri("/admin/keys/{id}/suspend", byBootstrap)
        .header("Authorization", "Bearer " + ada)
        .exchange()
        .expectStatus()
        .isNoContent();
    patchAs(ada, "ada", Map.of("password", "ada's second password")).expectStatus().isNoContent();

    assertThat(actors(byBootstrap)).containsExactly("admin/admin", "ada/admin");
    assertThat(actors(byAda)).containsExactly("ada/admin");
    assertThat(actors("admin-user/ada")).containsExactly("admin/admin", "ada/admin");
  }

  /** {@code actor/actor_role} of each event of a stream, read from the SQLite file itself. */
  private static List<String> actors(String aggregateId) throws SQLException {
    List<String> actors = new ArrayList<>();
    String url = "jdbc:sqlite:" + dataDir.resolve("llm-proxy.db");
    try (Connection connection = DriverManager.getConnection(url);
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?"
                    + " ORDER BY sequence_number")) {
      query.setString(1, aggregateId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          JsonNode metaData = json(new String(rows.getBytes(1), StandardCharsets.UTF_8));
          actors.add(metaData.path("actor").asText() + "/" + metaData.path("actor_role").asText());
        }
      }
    }
    return actors;
  }

  private static WebTestClient.ResponseSpec create(Object body) {
    return node.http()
        .post()
        .uri("/admin/users")
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static WebTestClient.ResponseSpec patch(String username, Map<String, Object> body) {
    return patchAs(admin, username, body);
  }

  private static WebTestClient.ResponseSpec patchAs(
      String token, String username, Map<String, Object> body) {
    return node.http()
        .patch()
        .uri("/admin/users/{username}", username)
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
