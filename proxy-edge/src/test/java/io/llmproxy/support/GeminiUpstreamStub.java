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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking the Gemini API's wire format (v1beta), started by a test: {@code POST
 * /v1beta/models/<model>:generateContent}, {@code :streamGenerateContent?alt=sse} (events as {@code
 * data: <GenerateContentResponse>} separated by CRLF blank lines, no end marker) and {@code
 * :batchEmbedContents}. Like Google, it wants the key in {@code x-goog-api-key} and answers a wrong
 * one with 400 {@code INVALID_ARGUMENT} / {@code API_KEY_INVALID}; it also refuses a key in the
 * query string, so a test notices if the proxy ever puts it in a URL.
 *
 * <p>Every answer says {@link #ANSWER} per candidate ({@code generationConfig.candidateCount} of
 * them), streamed as {@link #ANSWER_PIECES}, with {@link #PROMPT_TOKENS} prompt and {@link
 * #CANDIDATE_TOKENS} per candidate. Markers in the last user turn's text change that:
 *
 * <ul>
 *   <li>{@code tool-call}: one {@code functionCall} {@link #TOOL_NAME}{@code {"city":"Paris"}} with
 *       a thought signature, instead of text;
 *   <li>{@code cached}: {@link #CACHED_TOKENS} of the {@link #CACHED_PROMPT_TOKENS} prompt tokens
 *       came from the context cache; {@code think}: {@link #THOUGHT_TOKENS} thinking tokens;
 *   <li>{@code blocked}: the prompt is blocked ({@code promptFeedback.blockReason: SAFETY}, no
 *       candidates); {@code safety}: the candidate stops with {@code finishReason: SAFETY} and no
 *       content;
 *   <li>{@code cut-stream}: the stream sends its text, then the body ends without a {@code
 *       finishReason}; {@code error-mid-stream}: one piece, then an error object event;
 *   <li>{@code fail-400}, {@code fail-403}, {@code fail-429} (with {@code Retry-After: 7}), {@code
 *       fail-429-info} (the wait only as {@code RetryInfo.retryDelay: "2.5s"}), {@code fail-500},
 *       {@code fail-503}: Google's error object with that status.
 * </ul>
 */
public final class GeminiUpstreamStub implements AutoCloseable {

  public static final String ANSWER = "Hello from Gemini";
  public static final List<String> ANSWER_PIECES = List.of("Hello", " from", " Gemini");
  public static final int PROMPT_TOKENS = 11;
  public static final int CANDIDATE_TOKENS = 4;
  public static final int CACHED_PROMPT_TOKENS = 2048;
  public static final int CACHED_TOKENS = 1536;
  public static final int THOUGHT_TOKENS = 9;
  public static final String TOOL_NAME = "get_weather";
  public static final String THOUGHT_SIGNATURE = "c2lnbmF0dXJlLTE=";
  public static final String MODEL_VERSION_SUFFIX = "-001";
  public static final int EMBEDDING_DIMENSIONS = 8;

  public static final String BAD_REQUEST_MESSAGE =
      "Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"hot\"";
  public static final String PERMISSION_MESSAGE =
      "Generative Language API has not been used in project 123456 before or it is disabled.";
  public static final String QUOTA_MESSAGE =
      "You exceeded your current quota, please check your plan and billing details.";
  public static final String OVERLOADED_MESSAGE =
      "The model is overloaded. Please try again later.";
  public static final String KEY_INVALID_MESSAGE =
      "API key not valid. Please pass a valid API key.";

  private static final Pattern PATH =
      Pattern.compile("/v1beta/models/([A-Za-z0-9._-]+):([A-Za-z]+)");

  private final String apiKey;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /** One request as it arrived; {@code apiKey} is the {@code x-goog-api-key} header. */
  /** {@code path} decoded, {@code rawPath} as the request line had it. */
  public record Received(String path, String query, String apiKey, JsonNode body, String rawPath) {}

  public GeminiUpstreamStub(String apiKey) throws IOException {
    this.apiKey = apiKey;
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "gemini-stub-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1beta/", this::handle);
    server.start();
  }

  /** The API root, as {@code llmproxy.providers.<name>.base-url} takes it. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1beta";
  }

  public List<Received> received() {
    return received;
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  /** The deterministic vector this stub embeds {@code text} as: multiples of 1/64. */
  public static float[] embeddingOf(String text, int dimensions) {
    int hash = text.hashCode() * 0x9E3779B1;
    float[] vector = new float[dimensions];
    for (int d = 0; d < dimensions; d++) {
      vector[d] = (((hash >>> ((d % 4) * 8)) & 0xff) + 5 * d) % 64 / 64f - 0.5f;
    }
    return vector;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode body = parse(exchange.getRequestBody().readAllBytes());
      String query = exchange.getRequestURI().getRawQuery();
      String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
      received.add(
          new Received(
              exchange.getRequestURI().getPath(),
              query,
              key,
              body,
              exchange.getRequestURI().getRawPath()));
      Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
      if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
        respond(exchange, 404, error(404, "NOT_FOUND", "Method not found.", null));
        return;
      }
      if (query != null && query.contains("key=")) {
        respond(
            exchange,
            400,
            error(400, "INVALID_ARGUMENT", "Stub: never send the key in URLs.", null));
        return;
      }
      if (!apiKey.equals(key)) {
        respond(exchange, 400, keyInvalid());
        return;
      }
      String model = path.group(1);
      switch (path.group(2)) {
        case "generateContent" -> generate(exchange, model, body, false);
        case "streamGenerateContent" -> {
          if (!"alt=sse".equals(query)) {
            respond(
                exchange, 400, error(400, "INVALID_ARGUMENT", "Stub: expected ?alt=sse.", null));
          } else {
            generate(exchange, model, body, true);
          }
        }
        case "batchEmbedContents" -> embed(exchange, model, body);
        default -> respond(exchange, 404, error(404, "NOT_FOUND", "Method not found.", null));
      }
    }
  }

  // ------------------------------------------------------------------ generateContent

  private void generate(HttpExchange exchange, String model, JsonNode body, boolean stream)
      throws IOException {
    String steering = lastUserText(body.path("contents"));
    if (failIfAsked(exchange, steering)) {
      return;
    }
    int candidates = Math.max(1, body.path("generationConfig").path("candidateCount").asInt(1));
    String version = model + MODEL_VERSION_SUFFIX;
    if (steering.contains("blocked")) {
      ObjectNode answer = json.createObjectNode();
      answer.putObject("promptFeedback").put("blockReason", "SAFETY");
      answer.set("usageMetadata", usage(steering, 0, true));
      answer.put("modelVersion", version);
      if (stream) {
        stream(exchange, List.of(answer.toString()));
      } else {
        respond(exchange, 200, answer.toString());
      }
      return;
    }
    if (!stream) {
      ObjectNode answer = json.createObjectNode();
      ArrayNode list = answer.putArray("candidates");
      for (int i = 0; i < candidates; i++) {
        list.add(candidate(i, steering, whole(steering), finishReason(steering)));
      }
      answer.set("usageMetadata", usage(steering, candidates, true));
      answer.put("modelVersion", version).put("responseId", "stub-response");
      respond(exchange, 200, answer.toString());
      return;
    }
    List<String> events = new ArrayList<>();
    List<List<ObjectNode>> pieces = pieces(steering);
    for (int p = 0; p < pieces.size(); p++) {
      boolean last = p == pieces.size() - 1;
      ObjectNode event = json.createObjectNode();
      ArrayNode list = event.putArray("candidates");
      for (int i = 0; i < candidates; i++) {
        boolean finishes = last && !steering.contains("cut-stream");
        list.add(candidate(i, steering, pieces.get(p), finishes ? finishReason(steering) : null));
      }
      event.set("usageMetadata", usage(steering, last ? candidates : 0, last));
      event.put("modelVersion", version).put("responseId", "stub-response");
      events.add(event.toString());
      if (steering.contains("error-mid-stream")) {
        events.add(error(500, "INTERNAL", "An internal error has occurred.", null));
        break;
      }
    }
    stream(exchange, events);
  }

  private ObjectNode candidate(int index, String steering, List<ObjectNode> parts, String finish) {
    ObjectNode candidate = json.createObjectNode();
    if (!steering.contains("safety")) {
      ObjectNode content = candidate.putObject("content");
      content.putArray("parts").addAll(parts);
      content.put("role", "model");
    }
    if (finish != null) {
      candidate.put("finishReason", finish);
    }
    if (index > 0) {
      // proto3 JSON leaves out a zero index, as Google's answers do
      candidate.put("index", index);
    }
    return candidate;
  }

  private static String finishReason(String steering) {
    return steering.contains("safety") ? "SAFETY" : "STOP";
  }

  private List<ObjectNode> whole(String steering) {
    if (steering.contains("tool-call")) {
      return List.of(functionCall());
    }
    return List.of(json.createObjectNode().put("text", ANSWER));
  }

  /** The parts of each streamed event: the answer piece by piece, or the call in one event. */
  private List<List<ObjectNode>> pieces(String steering) {
    List<List<ObjectNode>> pieces = new ArrayList<>();
    if (steering.contains("tool-call")) {
      pieces.add(List.of(functionCall()));
      return pieces;
    }
    for (String piece : ANSWER_PIECES) {
      pieces.add(List.of(json.createObjectNode().put("text", piece)));
    }
    return pieces;
  }

  private ObjectNode functionCall() {
    ObjectNode part = json.createObjectNode();
    ObjectNode call = part.putObject("functionCall");
    call.put("name", TOOL_NAME);
    call.putObject("args").put("city", "Paris");
    part.put("thoughtSignature", THOUGHT_SIGNATURE);
    return part;
  }

  /** Gemini's usageMetadata; before the last event it reports the prompt only. */
  private ObjectNode usage(String steering, int candidates, boolean complete) {
    boolean cached = steering.contains("cached");
    int prompt = cached ? CACHED_PROMPT_TOKENS : PROMPT_TOKENS;
    ObjectNode usage = json.createObjectNode().put("promptTokenCount", prompt);
    int output = complete ? CANDIDATE_TOKENS * candidates : 0;
    int thoughts = complete && steering.contains("think") ? THOUGHT_TOKENS : 0;
    if (output > 0) {
      usage.put("candidatesTokenCount", output);
    }
    if (cached) {
      usage.put("cachedContentTokenCount", CACHED_TOKENS);
    }
    if (thoughts > 0) {
      usage.put("thoughtsTokenCount", thoughts);
    }
    usage.put("totalTokenCount", prompt + output + thoughts);
    usage
        .putArray("promptTokensDetails")
        .addObject()
        .put("modality", "TEXT")
        .put("tokenCount", prompt);
    return usage;
  }

  // ------------------------------------------------------------------ embeddings

  private void embed(HttpExchange exchange, String model, JsonNode body) throws IOException {
    StringBuilder steering = new StringBuilder();
    for (JsonNode request : body.path("requests")) {
      steering.append(request.path("content").path("parts").path(0).path("text").asText());
    }
    if (failIfAsked(exchange, steering.toString())) {
      return;
    }
    ObjectNode answer = json.createObjectNode();
    ArrayNode embeddings = answer.putArray("embeddings");
    for (JsonNode request : body.path("requests")) {
      if (!("models/" + model).equals(request.path("model").asText())) {
        respond(
            exchange,
            400,
            error(400, "INVALID_ARGUMENT", "Stub: each request must name models/" + model, null));
        return;
      }
      int dimensions = request.path("outputDimensionality").asInt(EMBEDDING_DIMENSIONS);
      String text = request.path("content").path("parts").path(0).path("text").asText();
      ArrayNode values = embeddings.addObject().putArray("values");
      for (float value : embeddingOf(text, dimensions)) {
        values.add(value);
      }
    }
    respond(exchange, 200, answer.toString());
  }

  // ------------------------------------------------------------------ errors

  private boolean failIfAsked(HttpExchange exchange, String steering) throws IOException {
    if (steering.contains("fail-400")) {
      respond(exchange, 400, error(400, "INVALID_ARGUMENT", BAD_REQUEST_MESSAGE, null));
    } else if (steering.contains("fail-403")) {
      respond(exchange, 403, error(403, "PERMISSION_DENIED", PERMISSION_MESSAGE, null));
    } else if (steering.contains("fail-429-info")) {
      respond(exchange, 429, error(429, "RESOURCE_EXHAUSTED", QUOTA_MESSAGE, "2.5s"));
    } else if (steering.contains("fail-429")) {
      exchange.getResponseHeaders().set("Retry-After", "7");
      respond(exchange, 429, error(429, "RESOURCE_EXHAUSTED", QUOTA_MESSAGE, "7s"));
    } else if (steering.contains("fail-500")) {
      respond(exchange, 500, error(500, "INTERNAL", "An internal error has occurred.", null));
    } else if (steering.contains("fail-503")) {
      respond(exchange, 503, error(503, "UNAVAILABLE", OVERLOADED_MESSAGE, null));
    } else {
      return false;
    }
    return true;
  }

  /** Google's error object; a retry delay rides in a {@code google.rpc.RetryInfo} detail. */
  private String error(int code, String status, String message, String retryDelay) {
    ObjectNode envelope = json.createObjectNode();
    ObjectNode error = envelope.putObject("error");
    error.put("code", code).put("message", message).put("status", status);
    if (retryDelay != null) {
      ArrayNode details = error.putArray("details");
      details
          .addObject()
          .put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
          .putArray("violations")
          .addObject()
          .put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests")
          .put("quotaId", "GenerateRequestsPerMinutePerProjectPerModel");
      details
          .addObject()
          .put("@type", "type.googleapis.com/google.rpc.RetryInfo")
          .put("retryDelay", retryDelay);
    }
    return envelope.toString();
  }

  private String keyInvalid() {
    ObjectNode envelope = json.createObjectNode();
    ObjectNode error = envelope.putObject("error");
    error.put("code", 400).put("message", KEY_INVALID_MESSAGE).put("status", "INVALID_ARGUMENT");
    ArrayNode details = error.putArray("details");
    ObjectNode info = details.addObject();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
    info.putObject("metadata").put("service", "generativelanguage.googleapis.com");
    details
        .addObject()
        .put("@type", "type.googleapis.com/google.rpc.LocalizedMessage")
        .put("locale", "en-US")
        .put("message", KEY_INVALID_MESSAGE);
    return envelope.toString();
  }

  // ------------------------------------------------------------------ wire

  private static String lastUserText(JsonNode contents) {
    String text = "";
    for (JsonNode content : contents) {
      if ("user".equals(content.path("role").asText())) {
        StringBuilder parts = new StringBuilder();
        content.path("parts").forEach(part -> parts.append(part.path("text").asText()));
        text = parts.toString();
      }
    }
    return text;
  }

  private JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = json.readTree(bytes);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /** SSE as Google frames it: {@code data: <json>} and a CRLF blank line, flushed per event. */
  private static void stream(HttpExchange exchange, List<String> events) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (String event : events) {
      out.write(("data: " + event + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    out.close();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
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
