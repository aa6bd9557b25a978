package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server speaking OpenAI's chat-completions wire format, started by a test. The last
 * user message steers it: {@code fail-500} answers a server error, {@code no-usage} omits usage.
 */
public final class OpenAiUpstreamStub implements AutoCloseable {

  public static final int PROMPT_TOKENS = 17;
  public static final int COMPLETION_TOKENS = 5;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public record Received(String path, String authorization, JsonNode body) {}

  public OpenAiUpstreamStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<Received> received() {
    return received;
  }

  private void chat(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
      received.add(
          new Received(
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              body));
      String lastUser = "";
      for (JsonNode message : body.path("messages")) {
        if ("user".equals(message.path("role").asText())) {
          lastUser = message.path("content").asText();
        }
      }
      if (lastUser.contains("fail-500")) {
        respond(
            exchange,
            500,
            "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}");
        return;
      }
      String usage =
          lastUser.contains("no-usage")
              ? ""
              : ",\"usage\":{\"prompt_tokens\":%d,\"completion_tokens\":%d,\"total_tokens\":%d}"
                  .formatted(PROMPT_TOKENS, COMPLETION_TOKENS, PROMPT_TOKENS + COMPLETION_TOKENS);
      String answer =
          """
          {"id":"chatcmpl-upstream-1","object":"chat.completion","created":1700000000,\
          "model":"%s","choices":[{"index":0,"message":{"role":"assistant",\
          "content":"Hello from upstream"},"logprobs":null,"finish_reason":"stop"}]%s}"""
              .formatted(body.path("model").asText(), usage);
      respond(exchange, 200, answer);
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
