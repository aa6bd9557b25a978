package io.llmproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.llmproxy.support.CapturedLogs;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An issued key's secret is never written anywhere: not in the database files, not in any log line
 * (the access log included), not in any error answer, even where a request puts the key in places
 * that get echoed. Logging runs at its most revealing (request headers and decoded bodies), so the
 * masking, not the log level, is what keeps the secret out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EndToEnd
class SecretsNeverStoredTest {

  private static final Logger appLog = LoggerFactory.getLogger("io.llmproxy.app.SecretsProbe");

  @TempDir static Path dataDir;

  private static final String PROVIDER_KEY = "sk-proj-" + "Pq7Rs8Tu9Vw0Xy1Za2Bc3De4Fg5Hi6Jk";

  private static OpenAiUpstreamStub upstream;
  private static ProxyNode node;
  private static CapturedLogs logs;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    upstream = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.paid.kind", "openai-compatible",
                "llmproxy.providers.paid.base-url", upstream.baseUrl(),
                "llmproxy.providers.paid.api-key", PROVIDER_KEY,
                "llmproxy.access-log.enabled", true,
                "spring.codec.log-request-details", true,
                "logging.level.org.springframework.web", "DEBUG",
                "logging.level.org.springframework.http", "DEBUG",
                "logging.level.org.springframework.core.codec", "DEBUG",
                "logging.level.org.springframework.web.server.adapter.HttpWebHandlerAdapter",
                    "TRACE"));
    logs = CapturedLogs.attach();
    admin = node.login();
    node.route(admin, "demo", "mock", "mock-1");
    node.route(admin, "paid", "paid", "gpt-4o-mini");
    key = node.issueKey(admin, "secrets", List.of("demo", "paid"));
    WalkingSkeletonEndToEndTest.awaitKeyAccepted(node, key);
  }

  @AfterAll
  static void stop() {
    node.close();
    logs.close();
    upstream.close();
  }

  @Test
  @Order(1)
  void errorAnswersNeverEchoAKey() {
    String masked = maskedForm(key);
    String providerKey = "sk-proj-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa";

    assertThat(errorMessage(node.chat(key, key, "hi"), 404))
        .isEqualTo("The model '" + masked + "' does not exist or you do not have access to it.");
    assertThat(errorMessage(node.chat(key, providerKey, "hi"), 404))
        .isEqualTo("The model 'sk-proj-****' does not exist or you do not have access to it.");
    assertThat(
            errorMessage(
                node.http()
                    .get()
                    .uri("/v1/models/{model}", key)
                    .header("Authorization", "Bearer " + key)
                    .exchange(),
                404))
        .contains(masked)
        .doesNotContain(secretOf(key));
    String unauthorized =
        errorMessage(
            node.http()
                .post()
                .uri("/v1/chat/completions")
                .header("x-api-key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("model", key, "messages", List.of()))
                .exchange(),
            401);
    assertThat(unauthorized).doesNotContain(secretOf(key));
  }

  @Test
  @Order(2)
  void aKeyNeverReachesTheDatabaseFilesOrTheLogs() throws IOException {
    String keyId = ProxyNode.keyId(key);
    node.chat(key, "demo", "hello").expectStatus().isOk();
    node.chat(key, "paid", "hello").expectStatus().isOk();
    // the provider credential was used, so it passed through the process
    assertThat(upstream.received().get(0).authorization()).isEqualTo("Bearer " + PROVIDER_KEY);
    streamedChat();
    node.chat(key, "no-such-model", "hi").expectStatus().isNotFound();
    node.chat(key, key, "hi").expectStatus().isNotFound();
    node.http()
        .post()
        .uri("/v1/chat/completions?api_key={key}", key)
        .header("x-api-key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("model", "demo", "messages", List.of()))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    appLog.warn(
        "a client pasted its key {} into a support ticket",
        key,
        new IllegalStateException("rejected " + key, new IllegalArgumentException(key)));
    assertThat(node.ledger(keyId)).hasSize(3);

    node.close();
    logs.close();

    String captured = logs.text();
    List<String> secrets = List.of(key, secretOf(key), admin, signatureOf(admin), PROVIDER_KEY);
    for (String secret : secrets) {
      assertThat(captured).doesNotContain(secret);
      assertThat(filesContaining(dataDir, secret)).isEmpty();
    }
    // not vacuous: the key was logged, masked, by the application and by the access log
    String masked = maskedForm(key);
    assertThat(captured)
        .contains("a client pasted its key " + masked + " into a support ticket")
        .contains("IllegalStateException: rejected " + masked)
        .contains("IllegalArgumentException: " + masked)
        .containsPattern(
            "llmproxy\\.access\\s+: method=POST path=/v1/chat/completions status=200"
                + " duration_ms=\\d+ bytes=\\d+ request_id=req_\\w+ client=\\S+"
                + " credential="
                + masked.replace("*", "\\*"))
        .contains("path=/v1/chat/completions?api_key=" + masked + " status=401")
        .contains("credential=" + masked);
    // and the database was searched where the key's events are
    assertThat(filesContaining(dataDir, keyId)).isNotEmpty();
  }

  private static void streamedChat() {
    node.chat(
            key,
            Map.of(
                "model",
                "demo",
                "stream",
                true,
                "messages",
                List.of(Map.of("role", "user", "content", "stream please"))))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("[DONE]"));
  }

  private static String errorMessage(WebTestClient.ResponseSpec response, int status) {
    String body =
        response
            .expectStatus()
            .isEqualTo(status)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).doesNotContain(secretOf(key));
    return JsonPath.read(body, "$.error.message");
  }

  /** Every file under the data folder (database, WAL, shared memory, secrets) holding the text. */
  private static List<Path> filesContaining(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(file), needle) >= 0) {
          hits.add(file);
        }
      }
    }
    return hits;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String secretOf(String plaintextKey) {
    return plaintextKey.substring(plaintextKey.lastIndexOf('-') + 1);
  }

  private static String signatureOf(String jwt) {
    return jwt.substring(jwt.lastIndexOf('.') + 1);
  }

  private static String maskedForm(String plaintextKey) {
    return "sk-llmp-" + ProxyNode.keyId(plaintextKey) + "-****";
  }
}
