package io.llmproxy.app;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.llmproxy.edge.adminauth.AdminTokens;
import io.llmproxy.kernel.users.AdminRole;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Admin tokens over real HTTP: every way of forging or stretching one is refused on the admin and
 * the reporting surface, and a user's rights follow their account, not their token.
 */
@EndToEnd
class AdminSecurityHttpTest {

  private static final byte[] SECRET = randomKey();
  private static final String PASSWORD = "a long enough password";
  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              HttpMethod.POST, "/admin/keys", Map.of("name", "forged", "models", List.of("*"))),
          new Endpoint(
              HttpMethod.POST,
              "/admin/users",
              Map.of("username", "mallory", "role", "admin", "password", PASSWORD)),
          new Endpoint(HttpMethod.GET, "/api/usage/summary", null));

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;

  private record Endpoint(HttpMethod method, String path, Object body) {}

  @BeforeAll
  static void start() {
    node =
        ProxyNode.start(
            dataDir, Map.of("llmproxy.jwt-secret", Base64.getEncoder().encodeToString(SECRET)));
    admin = node.login();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Stream<Arguments> forgeries() {
    Instant now = Instant.now();
    Map<String, Object> viewerClaims = claims(now);
    viewerClaims.put("role", "viewer");
    String viewerToken = sign(viewerClaims, SECRET);
    String[] parts = viewerToken.split("\\.");
    String tamperedPayload =
        base64Url(decodeBase64Url(parts[1]).replace("\"viewer\"", "\"admin\""));
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("no token", null);
    forged.put("not a JWT", "Bearer not-a-jwt");
    forged.put("not a bearer token", "Basic " + base64Url("admin:" + ProxyNode.ADMIN_PASSWORD));
    forged.put(
        "alg none",
        "Bearer "
            + base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")
            + "."
            + base64Url(json(claims(now)))
            + ".");
    forged.put("another 256-bit key", "Bearer " + sign(claims(now), randomKey()));
    forged.put(
        "expired",
        "Bearer "
            + new AdminTokens(
                    SECRET,
                    Duration.ofMinutes(15),
                    Clock.fixed(now.minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .issue("admin", AdminRole.ADMIN, 0)
                .token());
    forged.put("not valid yet", "Bearer " + sign(with(claims(now), "nbf", seconds(now) + 600)));
    forged.put("wrong audience", "Bearer " + sign(with(claims(now), "aud", "another-service")));
    forged.put("wrong issuer", "Bearer " + sign(with(claims(now), "iss", "someone-else")));
    forged.put("tampered payload", "Bearer " + parts[0] + "." + tamperedPayload + "." + parts[2]);
    forged.put("no role", "Bearer " + sign(without(claims(now), "role")));
    forged.put("unknown role", "Bearer " + sign(with(claims(now), "role", "root")));
    forged.put("no expiry", "Bearer " + sign(without(claims(now), "exp")));
    forged.put("no issue time", "Bearer " + sign(without(claims(now), "iat")));
    forged.put(
        "issued 10 minutes in the future",
        "Bearer " + sign(with(claims(now), "iat", seconds(now) + 600)));
    forged.put("no session generation", "Bearer " + sign(without(claims(now), "gen")));
    forged.put("a session generation as text", "Bearer " + sign(with(claims(now), "gen", "0")));
    forged.put("no session id", "Bearer " + sign(without(claims(now), "jti")));
    forged.put("nobody's subject", "Bearer " + sign(with(claims(now), "sub", "ghost")));
    return forged.entrySet().stream()
        .flatMap(
            entry ->
                ENDPOINTS.stream()
                    .map(endpoint -> arguments(entry.getKey(), entry.getValue(), endpoint)));
  }

  @ParameterizedTest(name = "{0} on {2}")
  @MethodSource("forgeries")
  void aForgedOrStretchedTokenIs401InTheErrorShape(
      String forgery, String authorization, Endpoint endpoint) {
    expectInvalidToken(call(authorization, endpoint));
  }

  @Test
  void theHandMadeTokenTheForgeriesDepartFromIsAccepted() {
    String token = "Bearer " + sign(claims(Instant.now()));
    call(token, ENDPOINTS.get(0)).expectStatus().isCreated();
    call(token, ENDPOINTS.get(2)).expectStatus().isOk();
  }

  @Test
  void aTokenIssuedByANodeWhoseClockIsAheadWithinTheSkewIsAccepted() {
    Instant now = Instant.now();
    String token = "Bearer " + sign(with(claims(now), "iat", seconds(now) + 20));
    call(token, ENDPOINTS.get(2)).expectStatus().isOk();
  }

  @Test
  void aViewerMayReadReportsButNotAdminister() {
    node.createUser(admin, "vera", "viewer", PASSWORD);
    String viewer = bearer(node.login("vera", PASSWORD));
    for (Endpoint adminEndpoint : ENDPOINTS.subList(0, 2)) {
      expectForbidden(call(viewer, adminEndpoint));
    }
    call(viewer, ENDPOINTS.get(2)).expectStatus().isOk();
  }

  @Test
  void aDisabledUsersTokenIsRefusedAtOnceAndStaysRefusedOnceEnabledAgain() {
    node.createUser(admin, "dora", "admin", PASSWORD);
    String earlier = bearer(node.login("dora", PASSWORD));
    call(earlier, ENDPOINTS.get(2)).expectStatus().isOk();

    patch("dora", Map.of("disabled", true)).expectStatus().isNoContent();
    expectInvalidToken(call(earlier, ENDPOINTS.get(2)));
    expectInvalidToken(call(earlier, ENDPOINTS.get(0)));
    expectInvalidCredentials(login("dora", PASSWORD));

    patch("dora", Map.of("disabled", false)).expectStatus().isNoContent();
    expectInvalidToken(call(earlier, ENDPOINTS.get(2)));
    call(bearer(node.login("dora", PASSWORD)), ENDPOINTS.get(0)).expectStatus().isCreated();
  }

  @Test
  void aDemotedUserLosesTheAdminRoleAtOnceAndARaisedRoleNeedsANewSignIn() {
    node.createUser(admin, "dean", "admin", PASSWORD);
    String dean = bearer(node.login("dean", PASSWORD));
    call(dean, ENDPOINTS.get(0)).expectStatus().isCreated();

    patch("dean", Map.of("role", "viewer")).expectStatus().isNoContent();
    expectForbidden(call(dean, ENDPOINTS.get(0)));
    call(dean, ENDPOINTS.get(2)).expectStatus().isOk();
    String asViewer = bearer(node.login("dean", PASSWORD));

    patch("dean", Map.of("role", "admin")).expectStatus().isNoContent();
    expectForbidden(call(asViewer, ENDPOINTS.get(0)));
    call(bearer(node.login("dean", PASSWORD)), ENDPOINTS.get(0)).expectStatus().isCreated();
  }

  @Test
  void aPasswordResetEndsEarlierSessionsAndTheOldPassword() {
    node.createUser(admin, "rosa", "admin", PASSWORD);
    String earlier = bearer(node.login("rosa", PASSWORD));
    call(earlier, ENDPOINTS.get(2)).expectStatus().isOk();

    String newPassword = "an entirely new passphrase";
    patch("rosa", Map.of("password", newPassword)).expectStatus().isNoContent();
    expectInvalidToken(call(earlier, ENDPOINTS.get(2)));
    expectInvalidCredentials(login("rosa", PASSWORD));
    call(bearer(node.login("rosa", newPassword)), ENDPOINTS.get(2)).expectStatus().isOk();
  }

  @Test
  void theSessionTellsTheRoleItGrants() {
    node.createUser(admin, "sven", "viewer", PASSWORD);
    login("sven", PASSWORD)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.role")
        .isEqualTo("viewer")
        .jsonPath("$.token_type")
        .isEqualTo("Bearer")
        .jsonPath("$.expires_in")
        .isEqualTo(3600);
    expectInvalidCredentials(login("nobody", PASSWORD));
  }

  private static void expectInvalidToken(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer")
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("authentication_error")
        .jsonPath("$.error.code")
        .isEqualTo("invalid_token");
  }

  private static void expectInvalidCredentials(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error.code")
        .isEqualTo("invalid_credentials");
  }

  private static void expectForbidden(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error.type")
        .isEqualTo("permission_error");
  }

  private static WebTestClient.ResponseSpec call(String authorization, Endpoint endpoint) {
    WebTestClient.RequestBodySpec request =
        node.http().method(endpoint.method()).uri(endpoint.path());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (endpoint.body() != null) {
      request.contentType(MediaType.APPLICATION_JSON).bodyValue(endpoint.body());
    }
    return request.exchange();
  }

  private static WebTestClient.ResponseSpec patch(String username, Map<String, Object> body) {
    return node.http()
        .patch()
        .uri("/admin/users/{username}", username)
        .header("Authorization", "Bearer " + admin)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  private static WebTestClient.ResponseSpec login(String username, String password) {
    return node.http()
        .post()
        .uri("/admin/session")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("username", username, "password", password))
        .exchange();
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  /** The claims of a valid token for the bootstrap administrator, as the proxy would issue. */
  private static Map<String, Object> claims(Instant now) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("iss", "llm-proxy");
    claims.put("aud", "llm-proxy-admin");
    claims.put("sub", "admin");
    claims.put("role", "admin");
    claims.put("gen", 0);
    claims.put("iat", seconds(now));
    claims.put("nbf", seconds(now));
    claims.put("exp", seconds(now) + 600);
    return claims;
  }

  private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
    claims.put(name, value);
    return claims;
  }

  private static Map<String, Object> without(Map<String, Object> claims, String name) {
    claims.remove(name);
    return claims;
  }

  private static String sign(Map<String, Object> claims) {
    return sign(claims, SECRET);
  }

  private static String sign(Map<String, Object> claims, byte[] key) {
    return Jwts.builder()
        .header()
        .add("typ", "JWT")
        .and()
        .claims(claims)
        .signWith(Keys.hmacShaKeyFor(key), Jwts.SIG.HS256)
        .compact();
  }

  private static long seconds(Instant instant) {
    return instant.getEpochSecond();
  }

  private static String json(Map<String, Object> claims) {
    try {
      return new ObjectMapper().writeValueAsString(claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Url(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeBase64Url(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
