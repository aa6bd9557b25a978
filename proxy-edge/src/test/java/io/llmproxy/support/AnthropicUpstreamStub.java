package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
  public static final String TOOL_INPUT = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
  public static final List<String> TOOL_INPUT_FRAGMENTS =
      List.of("", "{\"city\": \"Par", "is\", \"unit\"", ": \"celsius\"}");

  public static final String BAD_REQUEST_MESSAGE = "temperature: range: 0..1";
  public static final String AUTH_MESSAGE = "invalid x-api-key";
  public static final String RATE_LIMIT_MESSAGE =
      "Number of request tokens has exceeded your per-minute rate limit";
  public static final String OVERLOADED_MESSAGE = "Overloaded";

  private final ObjectMapper json = new ObjectMapper();
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
      Scenario scenario = new Scenario(steering, body.path("model").asText());
      if (body.path("stream").asBoolean(false)) {
        stream(exchange, scenario);
      } else {
        respond(exchange, 200, message(scenario).toString());
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

  /** What one answer holds, decided by the markers. */
  private final class Scenario {
    final String id = "msg_stub_" + ids.incrementAndGet();
    final String model;
    final boolean tool;
    final boolean cache;
    final String stopReason;
    final String steering;

    Scenario(String steering, String model) {
      this.steering = steering;
      this.model = model;
      this.tool = steering.contains("use-tool");
      this.cache = steering.contains("cache-hit");
      this.stopReason =
          tool ? "tool_use" : steering.contains("max-tokens") ? "max_tokens" : "end_turn";
    }

    ObjectNode usage(long output) {
      ObjectNode usage = json.createObjectNode();
      usage.put("input_tokens", INPUT_TOKENS);
      usage.put("cache_creation_input_tokens", cache ? CACHE_WRITE : 0);
      usage.put("cache_read_input_tokens", cache ? CACHE_READ : 0);
      usage.put("output_tokens", output);
      usage.put("service_tier", "standard");
      return usage;
    }
  }

  private ObjectNode message(Scenario scenario) {
    ObjectNode message = messageHeader(scenario);
    ArrayNode content = message.putArray("content");
    content.addObject().put("type", "text").put("text", scenario.tool ? TOOL_TEXT : ANSWER);
    if (scenario.tool) {
      ObjectNode use = content.addObject();
      use.put("type", "tool_use").put("id", TOOL_ID).put("name", TOOL_NAME);
      use.set("input", parse(TOOL_INPUT.getBytes(StandardCharsets.UTF_8)));
    }
    message.put("stop_reason", scenario.stopReason);
    message.putNull("stop_sequence");
    message.set("usage", scenario.usage(OUTPUT_TOKENS));
    return message;
  }

  private ObjectNode messageHeader(Scenario scenario) {
    ObjectNode message = json.createObjectNode();
    message.put("id", scenario.id);
    message.put("type", "message");
    message.put("role", "assistant");
    message.put("model", scenario.model);
    return message;
  }

  /** Anthropic's event sequence for the scenario, as its streaming reference shows it. */
  private void stream(HttpExchange exchange, Scenario scenario) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    ObjectNode start = json.createObjectNode().put("type", "message_start");
    ObjectNode message = start.putObject("message");
    message.setAll(messageHeader(scenario));
    message.putArray("content");
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", scenario.usage(1));
    send(out, "message_start", start);
    send(
        out,
        "content_block_start",
        blockStart(0, json.createObjectNode().put("type", "text").put("text", "")));
    send(out, "ping", json.createObjectNode().put("type", "ping"));
    List<String> pieces = scenario.tool ? List.of(TOOL_TEXT) : ANSWER_PIECES;
    for (int i = 0; i < pieces.size(); i++) {
      ObjectNode delta =
          json.createObjectNode().put("type", "text_delta").put("text", pieces.get(i));
      send(out, "content_block_delta", blockDelta(0, delta));
      if (i == 0 && scenario.steering.contains("stream-error")) {
        ObjectNode error = json.createObjectNode().put("type", "error");
        error.putObject("error").put("type", "overloaded_error").put("message", OVERLOADED_MESSAGE);
        send(out, "error", error);
        return;
      }
      if (i == 0 && scenario.steering.contains("stream-cut")) {
        return;
      }
    }
    send(
        out,
        "content_block_stop",
        json.createObjectNode().put("type", "content_block_stop").put("index", 0));
    if (scenario.tool) {
      ObjectNode use = json.createObjectNode().put("type", "tool_use").put("id", TOOL_ID);
      use.put("name", TOOL_NAME).putObject("input");
      send(out, "content_block_start", blockStart(1, use));
      for (String fragment : TOOL_INPUT_FRAGMENTS) {
        ObjectNode delta =
            json.createObjectNode().put("type", "input_json_delta").put("partial_json", fragment);
        send(out, "content_block_delta", blockDelta(1, delta));
      }
      send(
          out,
          "content_block_stop",
          json.createObjectNode().put("type", "content_block_stop").put("index", 1));
    }
    ObjectNode delta = json.createObjectNode().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", scenario.stopReason).putNull("stop_sequence");
    delta.putObject("usage").put("output_tokens", OUTPUT_TOKENS);
    send(out, "message_delta", delta);
    send(out, "message_stop", json.createObjectNode().put("type", "message_stop"));
  }

  private ObjectNode blockStart(int index, ObjectNode block) {
    ObjectNode start =
        json.createObjectNode().put("type", "content_block_start").put("index", index);
    start.set("content_block", block);
    return start;
  }

  private ObjectNode blockDelta(int index, ObjectNode delta) {
    ObjectNode event =
        json.createObjectNode().put("type", "content_block_delta").put("index", index);
    event.set("delta", delta);
    return event;
  }

  private static void send(OutputStream out, String event, JsonNode data) throws IOException {
    out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
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
