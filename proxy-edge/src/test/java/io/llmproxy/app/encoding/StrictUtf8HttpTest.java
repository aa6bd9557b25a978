package io.llmproxy.app.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.OpenAiUpstreamStub;
import io.llmproxy.support.ProxyNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Request bodies must be UTF-8 as RFC 8259 requires: every malformed byte pattern is refused with a
 * 400 in the shape of the API it was sent to, and nothing reaches the provider. Before, Jackson
 * decoded the overlong {@code C0 AF} as {@code /}, {@code ED A0 80} as a lone surrogate, and the
 * proxy answered 200 with the rewritten text sent upstream.
 */
@EndToEnd
class StrictUtf8HttpTest {

  private static final String ALIAS = "utf8-model";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static OpenAiUpstreamStub stub;
  private static ProxyNode node;
  private static String admin;
  private static String key;

  @BeforeAll
  static void start() throws IOException {
    stub = new OpenAiUpstreamStub();
    node =
        ProxyNode.start(
            dataDir,
            Map.of(
                "llmproxy.providers.upstream.kind",
                "openai-compatible",
                "llmproxy.providers.upstream.base-url",
                stub.baseUrl(),
                "llmproxy.login.address-attempts-per-minute",
                1000));
    admin = node.login();
    node.route(admin, ALIAS, "upstream", "gpt-4o-mini");
    key = node.issueKey(admin, "utf8", List.of("*"));
  }

  @AfterAll
  static void stop() {
    node.close();
    stub.close();
  }

  static Map<String, byte[]> patterns() {
    Map<String, byte[]> patterns = new LinkedHashMap<>();
    patterns.put("overlong / (C0 AF)", bytes(0xC0, 0xAF));
    patterns.put("overlong A (C1 81)", bytes(0xC1, 0x81));
    patterns.put("overlong / in three bytes", bytes(0xE0, 0x80, 0xAF));
    patterns.put("overlong / in four bytes", bytes(0xF0, 0x80, 0x80, 0xAF));
    patterns.put("surrogate D800 (ED A0 80)", bytes(0xED, 0xA0, 0x80));
    patterns.put("surrogate DFFF (ED BF BF)", bytes(0xED, 0xBF, 0xBF));
    patterns.put("CESU-8 pair", bytes(0xED, 0xA0, 0xBD, 0xED, 0xB2, 0xA9));
    patterns.put("above U+10FFFF (F4 90 80 80)", bytes(0xF4, 0x90, 0x80, 0x80));
    patterns.put("F5", bytes(0xF5, 0x80, 0x80, 0x80));
    patterns.put("F8 five-byte form", bytes(0xF8, 0x88, 0x80, 0x80, 0x80));
    patterns.put("FE", bytes(0xFE));
    patterns.put("FF", bytes(0xFF));
    patterns.put("stray continuation 80", bytes(0x80));
    patterns.put("stray continuation BF", bytes(0xBF));
    patterns.put("truncated two-byte sequence", bytes(0xC3));
    patterns.put("truncated three-byte sequence", bytes(0xE2, 0x82));
    patterns.put("truncated four-byte sequence", bytes(0xF0, 0x9F, 0x98));
    patterns.put("Latin-1 é (E9)", bytes(0xE9));
    patterns.put("escaped lone high surrogate", ascii("\\uD800"));
    patterns.put("escaped lone low surrogate", ascii("\\uDFFF"));
    patterns.put("escaped high surrogate then A", ascii("\\uD83D\\u0041"));
    return patterns;
  }

  /** A surface: how a body with {@code text} inside a string is sent, and its error shape. */
  private record Surface(String name, HttpMethod method, String path, String auth, String body) {}

  private static List<Surface> surfaces() {
    String chat = "[{\"role\":\"user\",\"content\":\"TEXT\"}]";
    return List.of(
        new Surface(
            "chat",
            HttpMethod.POST,
            "/v1/chat/completions",
            "key",
            "{\"model\":\"" + ALIAS + "\",\"messages\":" + chat + "}"),
        new Surface(
            "completions",
            HttpMethod.POST,
            "/v1/completions",
            "key",
            "{\"model\":\"" + ALIAS + "\",\"prompt\":\"TEXT\"}"),
        new Surface(
            "embeddings",
            HttpMethod.POST,
            "/v1/embeddings",
            "key",
            "{\"model\":\"" + ALIAS + "\",\"input\":\"TEXT\"}"),
        new Surface(
            "messages",
            HttpMethod.POST,
            "/v1/messages",
            "key",
            "{\"model\":\"" + ALIAS + "\",\"max_tokens\":16,\"messages\":" + chat + "}"),
        new Surface(
            "route",
            HttpMethod.PUT,
            "/admin/models/utf8-route",
            "admin",
            "{\"provider\":\"upstream\",\"model\":\"gpt-TEXT\"}"),
        new Surface(
            "key",
            HttpMethod.POST,
            "/admin/keys",
            "admin",
            "{\"name\":\"TEXT\",\"models\":[\"" + ALIAS + "\"]}"),
        new Surface(
            "sign-in",
            HttpMethod.POST,
            "/admin/session",
            "none",
            "{\"username\":\"admin\",\"password\":\"TEXT\"}"));
  }

  @Test
  void everyMalformedPatternIsRefusedOnEverySurfaceAndNothingGoesUpstream() {
    int receivedBefore = stub.received().size();
    int ledgerBefore = node.ledger(ProxyNode.keyId(key)).size();
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (Surface surface : surfaces()) {
      for (Map.Entry<String, byte[]> pattern : patterns().entrySet()) {
        cases++;
        EntityExchangeResult<byte[]> result = send(surface, body(surface, pattern.getValue()));
        String problem = judge(surface, result);
        if (problem != null) {
          failures.add(surface.name() + " / " + pattern.getKey() + ": " + problem);
        }
      }
    }
    System.out.printf("%d malformed bodies on %d surfaces%n", cases, surfaces().size());
    assertThat(failures).isEmpty();
    assertThat(stub.received()).hasSize(receivedBefore);
    assertThat(node.ledger(ProxyNode.keyId(key))).hasSize(ledgerBefore);
  }

  @Test
  void wellFormedTextOutsideAsciiIsAcceptedAndArrivesUnchanged() {
    String text = "é € 𝄞 \uD834\uDD1E";
    byte[] raw = ("é € 𝄞 \\uD834\\uDD1E").getBytes(StandardCharsets.UTF_8);
    Surface chat = surfaces().get(0);
    EntityExchangeResult<byte[]> result = send(chat, body(chat, raw));
    assertThat(result.getStatus().value()).isEqualTo(200);
    JsonNode sent = stub.received().get(stub.received().size() - 1).body();
    assertThat(sent.path("messages").path(0).path("content").asText())
        .isEqualTo(text.replace("\uD834\uDD1E", "𝄞"));
  }

  private static String judge(Surface surface, EntityExchangeResult<byte[]> result) {
    if (result.getStatus().value() != 400) {
      return "status " + result.getStatus().value();
    }
    JsonNode body;
    try {
      body = JSON.readTree(result.getResponseBody());
    } catch (IOException e) {
      return "body not JSON";
    }
    JsonNode error = body.path("error");
    if (surface.name().equals("messages")) {
      if (!body.path("type").asText().equals("error")
          || !error.path("type").asText().equals("invalid_request_error")) {
        return "not Anthropic's shape: " + body;
      }
    } else if (!error.path("type").asText().equals("invalid_request_error")
        || !error.has("param")) {
      return "not the OpenAI-style shape: " + body;
    }
    String message = error.path("message").asText();
    if (!message.contains("UTF-8") && !message.contains("surrogate")) {
      return "message does not say why: " + message;
    }
    return null;
  }

  private static EntityExchangeResult<byte[]> send(Surface surface, byte[] body) {
    var request =
        node.http()
            .method(surface.method())
            .uri(surface.path())
            .contentType(MediaType.APPLICATION_JSON);
    switch (surface.auth()) {
      case "key" -> request = request.header("Authorization", "Bearer " + key);
      case "admin" -> request = request.header("Authorization", "Bearer " + admin);
      default -> {}
    }
    return request.bodyValue(body).exchange().expectBody(byte[].class).returnResult();
  }

  private static byte[] body(Surface surface, byte[] inside) {
    String[] parts = surface.body().split("TEXT", 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
    out.writeBytes(inside);
    out.writeBytes(parts[1].getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
