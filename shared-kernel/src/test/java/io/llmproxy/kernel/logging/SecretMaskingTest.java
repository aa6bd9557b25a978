package io.llmproxy.kernel.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.kernel.keys.VirtualKey;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskingTest {

  private static final VirtualKey KEY =
      new VirtualKey("abcdefghjk23", "Q7mZp2XwLr9sVb4nTc8yHd6gFk3jWe5u");
  private static final String PUBLIC = "sk-llmp-abcdefghjk23-****";
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9"
          + ".Xb2_c9Qp0aL4vN8rT1yU6wE3sD5fG7hJ9kZ-mC2bV4n";
  private static final String OPENAI_LEGACY =
      "sk-" + "T3BlbkFJa1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9";
  private static final String OPENAI_PROJECT = "sk-proj-" + "Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78";
  private static final String ANTHROPIC = "sk-ant-api03-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AAAA";
  private static final String GOOGLE = "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";

  static Stream<Arguments> masked() {
    String key = KEY.plaintext();
    return Stream.of(
        Arguments.of("presented key " + key + " refused", "presented key " + PUBLIC + " refused"),
        Arguments.of("{\"model\":\"" + key + "\"}", "{\"model\":\"" + PUBLIC + "\"}"),
        Arguments.of(
            "The model '" + key + "' does not exist.",
            "The model '" + PUBLIC + "' does not exist."),
        Arguments.of("Authorization: Bearer " + key, "Authorization: Bearer " + PUBLIC),
        Arguments.of("x-api-key: " + key, "x-api-key: " + PUBLIC),
        Arguments.of("Bearer%20" + key, "Bearer%20" + PUBLIC),
        Arguments.of("truncated " + key.substring(0, 30), "truncated " + PUBLIC),
        Arguments.of(
            "[Authorization:\"Bearer opaque.Token-123\", Content-Type:\"application/json\"]",
            "[Authorization:\"Bearer ****\", Content-Type:\"application/json\"]"),
        Arguments.of("AUTHORIZATION: BEARER abc12345", "AUTHORIZATION: BEARER ****"),
        Arguments.of("Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: Basic ****"),
        Arguments.of("X-Api-Key: hunter2", "X-Api-Key: ****"),
        Arguments.of("api-key=0123456789abcdef", "api-key=****"),
        Arguments.of(
            "GET /v1/models?api_key=letmein&limit=5", "GET /v1/models?api_key=****&limit=5"),
        Arguments.of("?access_token=abc&x=1", "?access_token=****&x=1"),
        Arguments.of("{\\\"x-api-key\\\":\\\"abc123def\\\"}", "{\\\"x-api-key\\\":\\\"****\\\"}"),
        Arguments.of("'apiKey': 'k-1'", "'apiKey': '****'"),
        Arguments.of("token " + JWT + " expired", "token eyJ**** expired"),
        Arguments.of("Authorization: Bearer " + JWT, "Authorization: Bearer eyJ****"),
        Arguments.of("bearer 3f9a8b7c6d5e4f3a.", "bearer ****."),
        Arguments.of("Bearer abcdefghijklmnopqrstuvwxyz", "Bearer ****"),
        Arguments.of("key=" + OPENAI_LEGACY, "key=sk-****"),
        Arguments.of("upstream key " + OPENAI_PROJECT, "upstream key sk-proj-****"),
        Arguments.of(ANTHROPIC + " rejected", "sk-ant-**** rejected"),
        Arguments.of(
            "https://x.googleapis.com/v1?key=" + GOOGLE,
            "https://x.googleapis.com/v1?key=AIza****"),
        Arguments.of("gsk_0a1B2c3D4e5F6g7H8i9J0k1L", "gsk_****"),
        Arguments.of("hf_AbCdEfGhIjKlMnOpQrStUvWx", "hf_****"),
        Arguments.of("sk-llmp-short-aaaaaaaaaaaaaaaaaaaaaaaa", "sk-llmp-****"),
        Arguments.of(
            "two: " + key + " and " + OPENAI_PROJECT, "two: " + PUBLIC + " and sk-proj-****"),
        Arguments.of(
            "java.lang.IllegalStateException: bad " + key + "\n\tat x.Y.z(Y.java:1)",
            "java.lang.IllegalStateException: bad " + PUBLIC + "\n\tat x.Y.z(Y.java:1)"));
  }

  @ParameterizedTest
  @MethodSource("masked")
  void masksEveryKindOfCredential(String text, String expected) {
    assertThat(SecretMasking.mask(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("masked")
  void maskingTwiceChangesNothingMore(String text, String expected) {
    assertThat(SecretMasking.mask(SecretMasking.mask(text))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Started LlmProxyApplication in 8.1 seconds",
        "ordinary words about tasks, risks and disks",
        "bearer authentication is required",
        "The bearer token is missing.",
        "9b2f3c1e-4a5d-4e6f-8a7b-0c1d2e3f4a5b",
        "req_0123abcd4567ef890123abcd4567ef89",
        "gpt-4o-mini claude-3-5-sonnet-20241022 text-embedding-3-small o1-preview",
        "sk-llmp-",
        "keys look like sk-llmp-... here",
        "You didn't provide an API key. Send it as 'Authorization: Bearer sk-llmp-...'.",
        "Incorrect API key provided: ups***ret.",
        "issued sk-llmp-abcdefghjk23-Q7mZ\u2026 to team a",
        "disk-usage-monitor-component-for-node-7",
        "ask-me-anything-about-the-ledger-entries",
        "type=invalid_request_error code=invalid_api_key param=model",
        "authorization_error: a valid admin token is required (POST /admin/session)",
        "Authorization: ****",
        "x-api-key: sk-llmp-abcdefghjk23-****"
      })
  void leavesTextWithoutSecretsAlone(String text) {
    assertThat(SecretMasking.mask(text)).isSameAs(text);
  }

  @Test
  void nullStaysNull() {
    assertThat(SecretMasking.mask(null)).isNull();
    assertThat(SecretMasking.maskCredential(null)).isNull();
  }

  @Test
  void theCheapPreCheckLetsOrdinaryTextThrough() {
    assertThat(SecretMasking.nextTrigger("POST /v1/chat/completions 200 in 12 ms", 0)).isNegative();
    assertThat(SecretMasking.nextTrigger("api_error internal_error", 0)).isNegative();
    assertThat(SecretMasking.nextTrigger("x-API_KEY", 0)).isNotNegative();
    assertThat(SecretMasking.nextTrigger("Access-Token", 0)).isNotNegative();
  }

  @Test
  void aPresentedCredentialIsMaskedWhateverItsShape() {
    assertThat(SecretMasking.maskCredential("Bearer " + KEY.plaintext()))
        .isEqualTo("Bearer " + PUBLIC);
    assertThat(SecretMasking.maskCredential(KEY.plaintext())).isEqualTo(PUBLIC);
    assertThat(SecretMasking.maskCredential("hunter2")).isEqualTo("****");
    assertThat(SecretMasking.maskCredential("Basic dXNlcjpwYXNz")).isEqualTo("Basic ****");
    assertThat(SecretMasking.maskCredential("bearer " + JWT)).isEqualTo("bearer eyJ****");
    assertThat(SecretMasking.maskCredential(ANTHROPIC)).isEqualTo("sk-ant-****");
    assertThat(SecretMasking.maskCredential(GOOGLE)).isEqualTo("AIza****");
  }

  @Test
  void theSecretNeverSurvivesInAnyContext() {
    for (int i = 0; i < 200; i++) {
      VirtualKey key = VirtualKey.generate();
      String text =
          "a="
              + key.plaintext()
              + ", [x-api-key:\""
              + key.plaintext()
              + "\"] Bearer "
              + key.plaintext()
              + "."
              + key.plaintext();
      String masked = SecretMasking.mask(text);
      assertThat(masked).doesNotContain(key.secret()).contains("sk-llmp-" + key.keyId() + "-****");
    }
  }

  @Test
  void largeAndAdversarialInputNeitherThrowsNorHangs() {
    String plain = "lorem ipsum dolor sit amet ".repeat(40_000);
    assertThat(SecretMasking.mask(plain)).isSameAs(plain);
    String trigger = "sk-sk-Bearer Bearer authorization: api-key= eyJ.eyJ. AIza ";
    // each repeat is masked on its own: the half-token "eyJ.eyJ." is the only secret-shaped part
    assertThat(SecretMasking.mask(trigger.repeat(20_000)))
        .isEqualTo("sk-sk-Bearer Bearer authorization: api-key= eyJ**** AIza ".repeat(20_000));
    String oneLongToken = "Bearer " + "a1".repeat(500_000);
    assertThat(SecretMasking.mask(oneLongToken)).isEqualTo("Bearer ****");
  }
}
