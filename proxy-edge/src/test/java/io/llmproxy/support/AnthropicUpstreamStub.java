package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server speaking Anthropic's Messages API ({@code POST /v1/messages}), whole and
 * streamed, started by a test. It checks what Anthropic checks first: the {@code x-api-key} (401
 * {@code authentication_error}), the {@code anthropic-version} header, and the request's required
 * fields and turn structure (400 {@code invalid_request_error}, with Anthropic's dotted paths).
 *
 * <p>Every answer says {@link #ANSWER} (streamed as {@link #ANSWER_PIECES}) and reports {@link
 * #INPUT_TOKENS} input and {@link #OUTPUT_TOKENS} output tokens. Markers in the text of the last
 * user turn (tool results included) change that:
 *
 * <ul>
 *   <li>{@code use-tool}: a short text, then a {@code tool_use} of {@link #TOOL_NAME} with {@link
 *       #TOOL_INPUT} (streamed as {@link #TOOL_INPUT_FRAGMENTS}), stop reason {@code tool_use};
 *   <li>{@code cache-hit}: usage with {@link #CACHE_READ} cache reads and {@link #CACHE_WRITE}
 *       cache writes besides the uncached input;
 *   <li>{@code max-tokens}: stop reason {@code max_tokens};
 *   <li>{@code fail-400}, {@code fail-401}, {@code fail-429} (with {@code retry-after: 7}), {@code
 *       fail-500}, {@code fail-529}: that status with Anthropic's error body;
 *   <li>{@code stream-error}: after the first text delta, an {@code error} event ({@code
 *       overloaded_error}) ends the stream;
 *   <li>{@code stream-cut}: after the first text delta the stream ends without {@code
 *       message_stop}.
 * </ul>
 */
public final class AnthropicUpstreamStub implements AutoCloseable {

  public static final String API_KEY = "sk-ant-test-key";
  public static final String VERSION = "2023-06-01";

  public static final String ANSWER = "Hello from Claude";
  public static final List<String> ANSWER_PIECES = List.of("Hello", " from", " Claude");
  public static final long INPUT_TOKENS = 21;
  public static final long OUTPUT_TOKENS = 7;
  public static final long CACHE_READ = 1000;
  public static final long CACHE_WRITE = 200;

  public static final String TOOL_TEXT = "Let me check the weather.";
  public static final String TOOL_ID = "toolu_01D7FLrfh4GYq7yT1ULFeyMV";
  public static final String TOOL_NAME = "get_weather";

  /** The tool input of {@code use-tool} answers, as JSON text. */
  public static final String TOOL_INPUT = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

  public static final List<String> TOOL_INPUT_FRAGMENTS =
      List.of("", "{\"city\": \"Par", "is\", \"unit\"", ": \"celsius\"}");

  public static final String BAD_REQUEST_MESSAGE = "temperature: range: 0..1";
  public static final String AUTH_MESSAGE = "invalid x-api-key";
  public static final String RATE_LIMIT_MESSAGE =
      "Number of request tokens has exceeded your per-minute rate limit";
  public static final String OVERLOADED_MESSAGE = "Overloaded";

  private final ObjectMapper json = new ObjectMapper();
  private final MessagesTranscripts transcripts = new MessagesTranscripts(json);
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  /** One request as it arrived: the headers Anthropic cares about and the body. */
  public record Received(String apiKey, String version, String contentType, JsonNode body) {}

  public AnthropicUpstreamStub() throws IOException {
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "anthropic-stub-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/messages", this::handle);
    server.start();
  }

  /** The API root as configured for the proxy: {@code <base-url>/messages} is the endpoint. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<Received> received() {
    return received;
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = parse(exchange.getRequestBody().readAllBytes());
      var headers = exchange.getRequestHeaders();
      received.add(
          new Received(
              headers.getFirst("x-api-key"),
              headers.getFirst("anthropic-version"),
              headers.getFirst("content-type"),
              body));
      String steering = steeringText(body);
      if (!API_KEY.equals(headers.getFirst("x-api-key")) || steering.contains("fail-401")) {
        error(exchange, 401, "authentication_error", AUTH_MESSAGE);
        return;
      }
      if (headers.getFirst("anthropic-version") == null) {
        error(exchange, 400, "invalid_request_error", "anthropic-version: header is required");
        return;
      }
      String invalid = MessagesRules.violation(body);
      if (invalid != null) {
        error(exchange, 400, "invalid_request_error", invalid);
        return;
      }
      if (failIfAsked(exchange, steering)) {
        return;
      }
      var scenario =
          new MessagesTranscripts.Scenario(
              "msg_stub_" + ids.incrementAndGet(), body.path("model").asText(), steering);
      if (body.path("stream").asBoolean(false)) {
        stream(exchange, scenario);
      } else {
        respond(exchange, 200, transcripts.message(scenario).toString());
      }
    }
  }

  private boolean failIfAsked(HttpExchange exchange, String steering) throws IOException {
    if (steering.contains("fail-400")) {
      error(exchange, 400, "invalid_request_error", BAD_REQUEST_MESSAGE);
    } else if (steering.contains("fail-429")) {
      exchange.getResponseHeaders().set("retry-after", "7");
      exchange.getResponseHeaders().set("anthropic-ratelimit-requests-remaining", "0");
      error(exchange, 429, "rate_limit_error", RATE_LIMIT_MESSAGE);
    } else if (steering.contains("fail-500")) {
      error(exchange, 500, "api_error", "Internal server error");
    } else if (steering.contains("fail-529")) {
      error(exchange, 529, "overloaded_error", OVERLOADED_MESSAGE);
    } else {
      return false;
    }
    return true;
  }

  /** Sends the stream's events, each flushed as soon as it is written. */
  private void stream(HttpExchange exchange, MessagesTranscripts.Scenario scenario)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (MessagesTranscripts.Event event : transcripts.events(scenario)) {
      String frame = "event: " + event.name() + "\ndata: " + event.data() + "\n\n";
      out.write(frame.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** The text of the last user turn, tool result contents included. */
  private static String steeringText(JsonNode body) {
    JsonNode lastUser = MissingNode.getInstance();
    for (JsonNode message : body.path("messages")) {
      if ("user".equals(message.path("role").asText())) {
        lastUser = message.path("content");
      }
    }
    if (lastUser.isTextual()) {
      return lastUser.asText();
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode block : lastUser) {
      texts.add(block.path("text").asText(""));
      JsonNode result = block.path("content");
      texts.add(result.isTextual() ? result.asText() : result.toString());
    }
    return String.join("\n", texts);
  }

  private void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    ObjectNode body = json.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    body.put("request_id", "req_stub_" + ids.incrementAndGet());
    respond(exchange, status, body.toString());
  }

  private JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = json.readTree(bytes);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
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
    executor.shutdownNow();
  }
}
