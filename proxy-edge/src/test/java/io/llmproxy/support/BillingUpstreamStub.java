package io.llmproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenAI-compatible upstream that bills like a provider at its most expensive: every prompt
 * token OpenAI's accounting gives (messages, tool and function definitions, {@code tool_choice},
 * response formats, tool calls), each image at the most the tile rule gives (85 + 170 × 8), and for
 * output every token the request allowed — its limit, or {@code unlimitedOutput} when it set none —
 * for every choice it asked for. Its answers are short; only the usage is large.
 */
public final class BillingUpstreamStub implements AutoCloseable {

  /** gpt-4o's tile rule for the largest image it accepts (768 × 2048: 8 tiles). */
  public static final long IMAGE_TOKENS = 85 + 170 * 8;

  private static final String[] BILLED_FIELDS = {
    "tools", "functions", "tool_choice", "function_call", "response_format"
  };

  private final ObjectMapper json = new ObjectMapper();
  private final Encoding encoding =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final long unlimitedOutput;

  public BillingUpstreamStub(long unlimitedOutput) throws IOException {
    this.unlimitedOutput = unlimitedOutput;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", exchange -> answer(exchange, true));
    server.createContext("/v1/completions", exchange -> answer(exchange, false));
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Every request body received, oldest first. */
  public List<JsonNode> received() {
    return List.copyOf(received);
  }

  private void answer(HttpExchange exchange, boolean chat) throws IOException {
    try (exchange) {
      JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
      received.add(request);
      long prompt = chat ? chatPrompt(request) : completionPrompt(request.path("prompt"));
      int choices = choices(request);
      long completion = outputLimit(request) * choices;
      ObjectNode usage = json.createObjectNode();
      usage.put("prompt_tokens", prompt);
      usage.put("completion_tokens", completion);
      usage.put("total_tokens", prompt + completion);
      if (request.path("stream").asBoolean(false)) {
        stream(exchange, chat, choices, usage);
      } else {
        ObjectNode body = header(chat ? "chat.completion" : "text_completion");
        ArrayNode list = body.putArray("choices");
        for (int i = 0; i < choices; i++) {
          ObjectNode choice = list.addObject().put("index", i).put("finish_reason", "length");
          if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", "ok");
          } else {
            choice.put("text", "ok");
          }
        }
        body.set("usage", usage);
        send(exchange, "application/json", json.writeValueAsBytes(body));
      }
    }
  }

  private void stream(HttpExchange exchange, boolean chat, int choices, ObjectNode usage)
      throws IOException {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < choices; i++) {
      ObjectNode chunk = header(chat ? "chat.completion.chunk" : "text_completion");
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", i);
      choice.put("finish_reason", "length");
      if (chat) {
        choice.putObject("delta").put("role", "assistant").put("content", "ok");
      } else {
        choice.put("text", "ok");
      }
      events.append("data: ").append(chunk).append("\n\n");
    }
    ObjectNode last = header(chat ? "chat.completion.chunk" : "text_completion");
    last.putArray("choices");
    last.set("usage", usage);
    events.append("data: ").append(last).append("\n\ndata: [DONE]\n\n");
    send(exchange, "text/event-stream", events.toString().getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode header(String object) {
    ObjectNode body = json.createObjectNode();
    body.put("id", "bill-" + received.size());
    body.put("object", object);
    body.put("created", 1_700_000_000L);
    body.put("model", "billed");
    return body;
  }

  /** OpenAI's accounting: 3 per message and 3 to prime the reply, plus what it renders. */
  private long chatPrompt(JsonNode request) {
    long tokens = 3;
    for (JsonNode message : request.path("messages")) {
      tokens += 3 + count(message.path("role").asText(""));
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        tokens += count(content.asText());
      }
      for (JsonNode part : content.isArray() ? content : List.<JsonNode>of()) {
        switch (part.path("type").asText("")) {
          case "text" -> tokens += count(part.path("text").asText(""));
          case "image_url" -> tokens += IMAGE_TOKENS;
          default -> tokens += count(part.toString());
        }
      }
      if (message.has("name")) {
        tokens += 1 + count(message.path("name").asText(""));
      }
      for (String field : new String[] {"tool_calls", "tool_call_id"}) {
        if (message.hasNonNull(field)) {
          JsonNode value = message.path(field);
          tokens += count(value.isTextual() ? value.asText() : value.toString());
        }
      }
    }
    for (String field : BILLED_FIELDS) {
      if (request.hasNonNull(field)) {
        tokens += count(request.path(field).toString());
      }
    }
    return tokens;
  }

  private long completionPrompt(JsonNode prompt) {
    if (prompt.isTextual()) {
      return count(prompt.asText());
    }
    long tokens = 0;
    for (JsonNode item : prompt) {
      tokens += item.isTextual() ? count(item.asText()) : item.isArray() ? item.size() : 1;
    }
    return tokens;
  }

  private int choices(JsonNode request) {
    int perPrompt = Math.max(request.path("n").asInt(1), request.path("best_of").asInt(1));
    JsonNode prompt = request.path("prompt");
    boolean batch = prompt.isArray() && !prompt.isEmpty() && !prompt.get(0).isIntegralNumber();
    return Math.max(1, perPrompt) * (batch ? prompt.size() : 1);
  }

  private long outputLimit(JsonNode request) {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      if (request.path(field).isIntegralNumber()) {
        return request.path(field).asLong();
      }
    }
    return unlimitedOutput;
  }

  private long count(String text) {
    return encoding.countTokensOrdinary(text);
  }

  private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
