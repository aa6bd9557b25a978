package io.llmproxy.edge.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the hostile input corpus ({@code src/test/resources/hostile/corpus.json}, written by
 * {@code make_corpus.py} beside it) against a running proxy over a raw socket, so that malformed
 * paths, header values and bytes reach the server exactly as written. Every case must end in a 4xx
 * in its API's error shape, the process must stay live, and nothing recorded before the corpus may
 * change.
 */
@EndToEnd
class HostileInputTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALIAS = "hostile-model";

  /** Class, package and library feature names: what an answer must never show a client. */
  private static final Pattern SPEAKS_JAVA =
      Pattern.compile(
          "\\b(java|javax|jakarta|io\\.llmproxy|com\\.fasterxml|org\\.springframework|reactor"
              + "|io\\.netty)\\.|Exception|bodyType=|DeserializationFeature|StreamReadConstraints"
              + "|JsonNode|\\b[a-z]+\\.[a-z]+\\.[A-Z]\\w+");

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static String admin;
  private static String key;
  private static String keyId;

  @BeforeAll
  static void start() {
    // a small limit keeps the over-limit bodies small enough to send several times
    node = ProxyNode.start(dataDir, Map.of("llmproxy.max-request-size", "64KB"));
    admin = node.login();
    node.route(admin, ALIAS, "mock", "mock-1");
    key = node.issueKey(admin, "hostile-corpus", List.of(ALIAS));
    keyId = ProxyNode.keyId(key);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void everyHostileCaseIsRefusedInItsApisShapeAndChangesNothing() throws Exception {
    for (int i = 0; i < 3; i++) {
      node.chat(key, ALIAS, "before the corpus " + i).expectStatus().isOk();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> requestCount(summary()) == 3);
    JsonNode summaryBefore = summary();
    JsonNode keysBefore = get("/api/keys");
    List<UsageRecorded> ledgerBefore = node.ledger(keyId);
    assertThat(ledgerBefore).hasSize(3);

    JsonNode corpus =
        JSON.readTree(HostileInputTest.class.getResourceAsStream("/hostile/corpus.json"));
    List<String> failures = new ArrayList<>();
    Map<String, Integer> perFamily = new TreeMap<>();
    Map<String, Integer> perCategory = new TreeMap<>();
    Map<Integer, Integer> perStatus = new TreeMap<>();
    int serverErrors = 0;
    for (JsonNode c : corpus.path("cases")) {
      perFamily.merge(c.path("family").asText(), 1, Integer::sum);
      perCategory.merge(c.path("category").asText(), 1, Integer::sum);
      RawHttp.Response response;
      try {
        response = send(c);
      } catch (IOException e) {
        failures.add(c.path("id").asText() + ": no answer (" + e + ")");
        continue;
      }
      perStatus.merge(response.status(), 1, Integer::sum);
      if (response.status() >= 500) {
        serverErrors++;
      }
      String problem = judge(c, response);
      if (problem != null) {
        failures.add(
            c.path("id").asText()
                + " "
                + c.path("method").asText()
                + " "
                + abbreviate(c.path("path").asText())
                + ": "
                + problem
                + " [status "
                + response.status()
                + ", body "
                + abbreviate(response.text())
                + "]");
      }
    }
    System.out.printf(
        "hostile corpus: %d cases, per family %s, per category %s, per status %s%n",
        corpus.path("cases").size(), perFamily, perCategory, perStatus);
    failures.forEach(f -> System.out.println("HOSTILE FAILURE " + f));

    assertThat(corpus.path("cases").size()).isGreaterThanOrEqualTo(200);
    assertThat(serverErrors).as("5xx answers").isZero();
    assertThat(failures).isEmpty();

    node.http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    assertThat(node.ledger(keyId)).isEqualTo(ledgerBefore);
    assertThat(get("/api/keys")).isEqualTo(keysBefore);
    assertThat(summary()).isEqualTo(summaryBefore);
    // the key still works, so refusals did not leave it suspended, rotated or rate limited
    node.chat(key, ALIAS, "after the corpus").expectStatus().isOk();
  }

  /** What is wrong with {@code response} for case {@code c}; null when nothing is. */
  private static String judge(JsonNode c, RawHttp.Response response) {
    boolean statusOk = false;
    for (JsonNode expected : c.path("expect")) {
      String e = expected.asText();
      statusOk |=
          e.equals("4xx")
              ? response.status() >= 400 && response.status() < 500
              : Integer.parseInt(e) == response.status();
    }
    if (!statusOk) {
      return "status not in " + c.path("expect");
    }
    String body = response.text();
    if (body.contains("\tat ") || body.contains("java.lang.") || body.contains("Exception:")) {
      return "stack trace or exception name in the body";
    }
    Matcher java = SPEAKS_JAVA.matcher(body);
    if (java.find()) {
      return "the body names Java types or library internals: '" + java.group() + "'";
    }
    for (String name : response.headers().keySet()) {
      if (name.equals("x-injected") || name.equals("set-cookie")) {
        return "header injected into the response: " + name;
      }
    }
    String shape = c.path("shape").asText();
    if (shape.equals("openai-or-none") && response.body().length == 0) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      return "body is not JSON";
    }
    if (json == null || !json.isObject()) {
      return "body is not a JSON object";
    }
    String contentType = response.headers().getOrDefault("content-type", "");
    if (!contentType.startsWith("application/json")) {
      return "content type " + contentType;
    }
    JsonNode error = json.path("error");
    if (shape.equals("anthropic")) {
      boolean ok =
          json.path("type").asText().equals("error")
              && error.path("type").isTextual()
              && error.path("message").isTextual();
      return ok ? null : "not in Anthropic's error shape";
    }
    boolean ok =
        error.path("message").isTextual()
            && error.path("type").isTextual()
            && error.has("param")
            && error.has("code");
    return ok ? null : "not in OpenAI's error shape";
  }

  private static RawHttp.Response send(JsonNode c) throws IOException {
    byte[] body = body(c);
    boolean chunked = c.path("chunked").asBoolean(false);
    StringBuilder head = new StringBuilder();
    head.append(c.path("method").asText())
        .append(' ')
        .append(placeholders(c.path("path").asText()))
        .append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n").append("Connection: close\r\n");
    switch (c.path("auth").asText()) {
      case "key" -> head.append("Authorization: Bearer ").append(key).append("\r\n");
      case "admin" -> head.append("Authorization: Bearer ").append(admin).append("\r\n");
      case "bad" -> head.append("Authorization: Bearer sk-llmp-nope-nope\r\n");
      default -> {}
    }
    c.path("headers")
        .properties()
        .forEach(
            h -> head.append(h.getKey()).append(": ").append(h.getValue().asText()).append("\r\n"));
    JsonNode repeat = c.path("header_repeat");
    if (repeat.isObject()) {
      String value = "v".repeat(repeat.path("value_length").asInt());
      for (int i = 0; i < repeat.path("count").asInt(); i++) {
        String name = repeat.path("name").asText();
        head.append(repeat.path("count").asInt() > 1 ? name + "-" + i : name)
            .append(": ")
            .append(value)
            .append("\r\n");
      }
    }
    if (body != null) {
      head.append(
          chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] payload = body == null ? new byte[0] : chunked ? chunk(body) : body;

    try (Socket socket = new Socket("127.0.0.1", port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      // the server may answer (413) and close before reading the whole body: write on the side
      // and keep whatever answer arrives
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(headBytes);
                  out.write(payload);
                  out.flush();
                } catch (IOException ignored) {
                  // the answer, read below, is what the case judges
                }
              });
      writer.start();
      RawHttp.Response response = RawHttp.read(socket.getInputStream(), false);
      try {
        writer.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return response;
    }
  }

  private static byte[] body(JsonNode c) {
    if (c.has("body")) {
      return placeholders(c.path("body").asText()).getBytes(StandardCharsets.UTF_8);
    }
    if (c.has("body_base64")) {
      return Base64.getDecoder().decode(c.path("body_base64").asText());
    }
    JsonNode repeat = c.path("body_repeat");
    if (repeat.isObject()) {
      String text =
          placeholders(repeat.path("prefix").asText())
              + repeat.path("unit").asText().repeat(repeat.path("count").asInt())
              + repeat.path("suffix").asText();
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  private static byte[] chunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int size = 8192;
    for (int at = 0; at < body.length; at += size) {
      int n = Math.min(size, body.length - at);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static String placeholders(String text) {
    return text.replace("{key_id}", keyId).replace("{alias}", ALIAS);
  }

  private static int port() {
    return Integer.parseInt(node.baseUrl().substring(node.baseUrl().lastIndexOf(':') + 1));
  }

  private static JsonNode summary() {
    return get("/api/usage/summary");
  }

  private static long requestCount(JsonNode summary) {
    return summary.findValues("requests").stream().mapToLong(JsonNode::asLong).sum();
  }

  private static JsonNode get(String path) {
    return node.http()
        .get()
        .uri(path)
        .header("Authorization", "Bearer " + admin)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JsonNode.class)
        .returnResult()
        .getResponseBody();
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
