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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server speaking OpenAI's wire format for {@code POST /v1/chat/completions}, {@code
 * POST /v1/completions} and {@code POST /v1/embeddings}, streaming ({@code "stream": true}, SSE)
 * and not, started by a test.
 *
 * <p>Every answer says {@link #ANSWER} (streamed as the {@link #ANSWER_PIECES}, one content chunk
 * per piece and choice) and reports {@link #PROMPT_TOKENS} prompt and {@code COMPLETION_TOKENS * n}
 * completion tokens. Markers in the steering text (the model name, and the last user message for
 * chat, the prompt for completions, the input for embeddings) change its behaviour:
 *
 * <ul>
 *   <li>{@code fail-context}: 400 {@code context_length_exceeded}, as a model refuses a long
 *       prompt;
 *   <li>{@code fail-400}, {@code fail-401}, {@code fail-429}, {@code fail-500}: that error status
 *       with OpenAI's error object ({@code fail-429} also sends {@code Retry-After: 1});
 *   <li>{@code no-usage}: no usage at all, even if {@code stream_options.include_usage} asks;
 *   <li>{@code slow-<millis>}: wait before the response headers;
 *   <li>{@code drip-<millis>}: wait between stream frames (also before a stall or drop);
 *   <li>{@code stall-after-<k>}: stream k content chunks, then send nothing but SSE comment lines
 *       ({@code ": keep-alive"}, which also detect the disconnect) until the client goes away;
 *   <li>{@code drop-after-<k>}: stream k content chunks, then close the connection abruptly (no
 *       terminating chunk, no {@code [DONE]});
 *   <li>{@code reset-before-headers}: close the connection before any response byte;
 *   <li>{@code bad-json}: a 200 whose JSON is broken (whole: the body; stream: the first content
 *       frame);
 *   <li>{@code wrong-type}: a 200 {@code text/html} page instead of JSON or SSE;
 *   <li>{@code hang-after-<k>} (chat): stream k content chunks (whole: half the body), then send
 *       nothing at all for {@link #HANG}, then keep-alive comments until the client goes away;
 *   <li>{@code truncate-after-<k>} (chat): stream k content chunks and half a frame, then end the
 *       response cleanly (no {@code [DONE]}); whole: half the declared body, then drop;
 *   <li>{@code flaky-<k>}: the first k requests with the same steering text get 503;
 *   <li>{@code usage-in-last-choice-chunk}: with include_usage, put the usage on the chunk that
 *       carries the finish reason instead of a separate {@code "choices":[]} chunk.
 * </ul>
 */
public final class OpenAiUpstreamStub implements AutoCloseable {

  public static final int PROMPT_TOKENS = 17;
  public static final int COMPLETION_TOKENS = 5;

  /** The text of every answer (per choice), and the content pieces a stream delivers it in. */
  public static final String ANSWER = "Hello from upstream";

  public static final List<String> ANSWER_PIECES = List.of("Hello", " from", " upstream");

  /** Content chunks per choice in a complete stream. */
  public static final int CONTENT_CHUNKS = ANSWER_PIECES.size();

  public static final long CREATED = 1_700_000_000L;
  public static final String STREAM_CONTENT_TYPE = "text/event-stream; charset=utf-8";

  /** Embedding vector length unless the request asks for {@code dimensions}. */
  public static final int EMBEDDING_DIMENSIONS = 8;

  /** Prompt tokens an embeddings request is charged per input. */
  public static final int EMBEDDING_TOKENS_PER_INPUT = 4;

  public static final String BAD_REQUEST_MESSAGE =
      "Invalid value for 'temperature': expected a number between 0 and 2, got 7.";
  public static final String RATE_LIMIT_MESSAGE =
      "Rate limit reached for gpt-4o-mini in organization org-stub on requests per min (RPM):"
          + " Limit 3, Used 3, Requested 1. Please try again in 1s.";
  public static final String UPSTREAM_AUTH_MESSAGE =
      "Incorrect API key provided: ups***ret. You can find your API key at"
          + " https://platform.openai.com/account/api-keys.";

  private static final Duration KEEP_ALIVE_INTERVAL = Duration.ofMillis(200);
  private static final Pattern SLOW = Pattern.compile("slow-(\\d+)");
  private static final Pattern DRIP = Pattern.compile("drip-(\\d+)");
  private static final Pattern STALL = Pattern.compile("stall-after-(\\d+)");
  private static final Pattern DROP = Pattern.compile("drop-after-(\\d+)");
  private static final Pattern HANG_AFTER = Pattern.compile("hang-after-(\\d+)");
  private static final Pattern TRUNCATE = Pattern.compile("truncate-after-(\\d+)");
  private static final Pattern FLAKY = Pattern.compile("flaky-(\\d+)");

  /** How long a {@code hang-after-<k>} answer is silent. */
  public static final Duration HANG = Duration.ofSeconds(3);

  private final java.util.Map<String, AtomicInteger> attempts =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final AtomicInteger mostOpenStreams = new AtomicInteger();
  private volatile int forcedStatus;
  private final AtomicInteger disconnects = new AtomicInteger();
  private final Semaphore unseenDisconnects = new Semaphore(0);
  private volatile boolean closing;

  public record Received(String path, String authorization, JsonNode body) {}

  public OpenAiUpstreamStub() throws IOException {
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "openai-stub-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(executor);
    server.createContext("/v1/chat/completions", exchange -> handle(exchange, Endpoint.CHAT));
    server.createContext("/v1/completions", exchange -> handle(exchange, Endpoint.COMPLETIONS));
    server.createContext("/v1/embeddings", exchange -> handle(exchange, Endpoint.EMBEDDINGS));
    // Azure OpenAI: /openai/deployments/<deployment>/<operation>?api-version=..., key in api-key
    server.createContext("/openai/deployments/", this::handleAzure);
    server.start();
  }

  /** From now on every request gets {@code status} (0: behave normally again). */
  public void forceStatus(int status) {
    forcedStatus = status;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Every request, in arrival order (also those answered with an error). */
  public List<Received> received() {
    return received;
  }

  /** Streaming responses currently being written. */
  public int openStreams() {
    return openStreams.get();
  }

  /** The most streaming responses that were being written at the same time. */
  public int mostOpenStreams() {
    return mostOpenStreams.get();
  }

  /** Streams that ended because the client went away (a write to it failed). */
  public int disconnects() {
    return disconnects.get();
  }

  /**
   * Waits for a client disconnect from a stream that no earlier call of this method has consumed.
   */
  public boolean awaitDisconnect(Duration timeout) throws InterruptedException {
    return unseenDisconnects.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The deterministic vector this stub answers for {@code input}. */
  public static float[] embeddingOf(String input) {
    return embeddingOf(input, EMBEDDING_DIMENSIONS);
  }

  /** The deterministic vector this stub answers for {@code input} with {@code dimensions}. */
  public static float[] embeddingOf(String input, int dimensions) {
    int hash = input.hashCode() * 0x9E3779B1;
    float[] vector = new float[dimensions];
    for (int d = 0; d < dimensions; d++) {
      int bits = (hash >>> ((d % 4) * 8)) & 0xff;
      // multiples of 1/64: exact as float and as decimal JSON
      vector[d] = ((bits + 7 * d) % 64) / 64f - 0.5f;
    }
    return vector;
  }

  private enum Endpoint {
    CHAT,
    COMPLETIONS,
    EMBEDDINGS
  }

  private enum UsageMode {
    ABSENT,
    SEPARATE_CHUNK,
    ON_LAST_CHOICE_CHUNK
  }

  private enum FrameKind {
    ROLE,
    CONTENT,
    TAIL
  }

  private record Frame(FrameKind kind, String data) {}

  /** The connection is closed abruptly: thrown without closing the exchange. */
  private static final class DroppedConnection extends IOException {
    private static final long serialVersionUID = 1L;

    DroppedConnection() {
      super("stub drops the connection mid-stream");
    }
  }

  private record Steering(String text) {
    boolean has(String marker) {
      return text.contains(marker);
    }

    OptionalLong number(Pattern pattern) {
      Matcher matcher = pattern.matcher(text);
      return matcher.find()
          ? OptionalLong.of(Long.parseLong(matcher.group(1)))
          : OptionalLong.empty();
    }
  }

  private void handleAzure(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    if (query == null || !query.startsWith("api-version=")) {
      respond(exchange, 404, error("Resource not found", "invalid_request_error", null, "404"));
      exchange.close();
      return;
    }
    if (path.endsWith("/chat/completions")) {
      handle(exchange, Endpoint.CHAT);
    } else if (path.endsWith("/completions")) {
      handle(exchange, Endpoint.COMPLETIONS);
    } else if (path.endsWith("/embeddings")) {
      handle(exchange, Endpoint.EMBEDDINGS);
    } else {
      respond(exchange, 404, error("Resource not found", "invalid_request_error", null, "404"));
      exchange.close();
    }
  }

  private void handle(HttpExchange exchange, Endpoint endpoint) throws IOException {
    try {
      if (!"POST".equalsIgnoreCase(exchange.getRequestMethod())) {
        respond(exchange, 405, error("Method not allowed", "invalid_request_error", null, null));
        exchange.close();
        return;
      }
      JsonNode body = parse(exchange.getRequestBody().readAllBytes());
      received.add(
          new Received(
              exchange.getRequestURI().getPath()
                  + (exchange.getRequestURI().getQuery() == null
                      ? ""
                      : "?" + exchange.getRequestURI().getQuery()),
              exchange.getRequestHeaders().containsKey("api-key")
                  ? "api-key " + exchange.getRequestHeaders().getFirst("api-key")
                  : exchange.getRequestHeaders().getFirst("Authorization"),
              body));
      if (!body.isObject()) {
        respond(
            exchange,
            400,
            error(
                "We could not parse the JSON body of your request.",
                "invalid_request_error",
                null,
                null));
        exchange.close();
        return;
      }
      Steering steering = new Steering(steeringText(endpoint, body));
      OptionalLong slow = steering.number(SLOW);
      if (slow.isPresent()) {
        sleep(slow.getAsLong());
      }
      if (steering.has("reset-before-headers")) {
        throw new DroppedConnection();
      }
      if (!failIfAsked(exchange, body, steering)) {
        switch (endpoint) {
          case CHAT -> chat(exchange, body, steering);
          case COMPLETIONS -> completions(exchange, body, steering);
          case EMBEDDINGS -> embeddings(exchange, body, steering);
        }
      }
      exchange.close();
    } catch (DroppedConnection dropped) {
      // leave the exchange open: the server then closes the socket without a terminating chunk
      throw dropped;
    } catch (IOException | RuntimeException e) {
      exchange.close();
      throw e;
    }
  }

  private JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = json.readTree(bytes);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /** The markers are read from the model name too, so a route's deployment can steer. */
  private static String steeringText(Endpoint endpoint, JsonNode body) {
    return body.path("model").asText("") + "\n" + contentText(endpoint, body);
  }

  private static String contentText(Endpoint endpoint, JsonNode body) {
    return switch (endpoint) {
      case CHAT -> {
        String lastUser = "";
        for (JsonNode message : body.path("messages")) {
          if ("user".equals(message.path("role").asText())) {
            lastUser = text(message.path("content"));
          }
        }
        yield lastUser;
      }
      case COMPLETIONS -> text(body.path("prompt"));
      case EMBEDDINGS -> String.join("\n", embeddingInputs(body.path("input")));
    };
  }

  /** A string, or the texts of an array of strings / content parts, joined. */
  private static String text(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode part : node) {
      parts.add(part.isTextual() ? part.asText() : part.path("text").asText(part.toString()));
    }
    return String.join("\n", parts);
  }

  private boolean failIfAsked(HttpExchange exchange, JsonNode body, Steering steering)
      throws IOException {
    int forced = forcedStatus;
    if (forced != 0) {
      respond(
          exchange,
          forced,
          "{\"error\":{\"message\":\"forced failure\",\"type\":\"server_error\"}}");
      return true;
    }
    if (steering.has("fail-context")) {
      respond(
          exchange,
          400,
          error(
              "This model's maximum context length is 8192 tokens.",
              "invalid_request_error",
              "messages",
              "context_length_exceeded"));
      return true;
    }
    if (steering.has("fail-400")) {
      respond(
          exchange,
          400,
          error(BAD_REQUEST_MESSAGE, "invalid_request_error", "temperature", "invalid_value"));
      return true;
    }
    if (steering.has("fail-401")) {
      respond(
          exchange,
          401,
          error(UPSTREAM_AUTH_MESSAGE, "invalid_request_error", null, "invalid_api_key"));
      return true;
    }
    if (steering.has("fail-429")) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      exchange.getResponseHeaders().set("x-ratelimit-limit-requests", "3");
      exchange.getResponseHeaders().set("x-ratelimit-remaining-requests", "0");
      exchange.getResponseHeaders().set("x-ratelimit-reset-requests", "1s");
      respond(exchange, 429, error(RATE_LIMIT_MESSAGE, "requests", null, "rate_limit_exceeded"));
      return true;
    }
    OptionalLong flaky = steering.number(FLAKY);
    if (flaky.isPresent()
        && attempts.computeIfAbsent(steering.text(), t -> new AtomicInteger()).incrementAndGet()
            <= flaky.getAsLong()) {
      respond(exchange, 503, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
      return true;
    }
    if (steering.has("wrong-type")) {
      byte[] page =
          "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
      return true;
    }
    if (steering.has("bad-json") && !body.path("stream").asBoolean(false)) {
      respond(exchange, 200, "{\"id\":\"chatcmpl-broken\",\"choices\":[{\"index\":0,");
      return true;
    }
    if (steering.has("fail-500")) {
      respond(
          exchange,
          500,
          "{\"error\":{\"message\":\"upstream exploded\",\"type\":\"server_error\"}}");
      return true;
    }
    return false;
  }

  private String error(String message, String type, String param, String code) {
    ObjectNode error = json.createObjectNode();
    error.put("message", message).put("type", type).put("param", param).put("code", code);
    ObjectNode envelope = json.createObjectNode();
    envelope.set("error", error);
    return envelope.toString();
  }

  // ---------------------------------------------------------------- chat completions

  private void chat(HttpExchange exchange, JsonNode body, Steering steering) throws IOException {
    String id = "chatcmpl-upstream-" + ids.incrementAndGet();
    String model = body.path("model").asText();
    int n = choices(body);
    if (body.path("stream").asBoolean(false)) {
      UsageMode usage = usageMode(body, steering);
      List<Frame> frames = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ObjectNode delta = json.createObjectNode();
        delta.put("role", "assistant").put("content", "").putNull("refusal");
        frames.add(
            new Frame(
                FrameKind.ROLE,
                chatChunk(id, model, usage, false, chatChoice(i, delta, null), n).toString()));
      }
      for (String piece : ANSWER_PIECES) {
        for (int i = 0; i < n; i++) {
          ObjectNode delta = json.createObjectNode().put("content", piece);
          frames.add(
              new Frame(
                  FrameKind.CONTENT,
                  chatChunk(id, model, usage, false, chatChoice(i, delta, null), n).toString()));
        }
      }
      for (int i = 0; i < n; i++) {
        boolean usageHere = usage == UsageMode.ON_LAST_CHOICE_CHUNK && i == n - 1;
        frames.add(
            new Frame(
                FrameKind.TAIL,
                chatChunk(
                        id,
                        model,
                        usage,
                        usageHere,
                        chatChoice(i, json.createObjectNode(), "stop"),
                        n)
                    .toString()));
      }
      if (usage == UsageMode.SEPARATE_CHUNK) {
        frames.add(
            new Frame(FrameKind.TAIL, chatChunk(id, model, usage, true, null, n).toString()));
      }
      stream(exchange, frames, steering);
      return;
    }
    ObjectNode answer = json.createObjectNode();
    answer
        .put("id", id)
        .put("object", "chat.completion")
        .put("created", CREATED)
        .put("model", model);
    ArrayNode choices = answer.putArray("choices");
    for (int i = 0; i < n; i++) {
      ObjectNode choice = choices.addObject().put("index", i);
      choice
          .putObject("message")
          .put("role", "assistant")
          .put("content", ANSWER)
          .putNull("refusal");
      choice.putNull("logprobs");
      choice.put("finish_reason", "stop");
    }
    if (!steering.has("no-usage")) {
      answer.set("usage", usage(n));
    }
    answer.put("system_fingerprint", "fp_stub");
    OptionalLong hang = steering.number(HANG_AFTER);
    OptionalLong truncate = steering.number(TRUNCATE);
    if (hang.isPresent() || truncate.isPresent()) {
      byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      if (truncate.isPresent()) {
        throw new DroppedConnection();
      }
      sleep(HANG.toMillis());
      out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
      out.close();
      return;
    }
    respond(exchange, 200, answer.toString());
  }

  private ObjectNode chatChoice(int index, ObjectNode delta, String finishReason) {
    ObjectNode choice = json.createObjectNode().put("index", index);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return choice;
  }

  /** One chunk with {@code choice}, or with no choices if it is null; usage per mode. */
  private ObjectNode chatChunk(
      String id, String model, UsageMode usage, boolean usageHere, ObjectNode choice, int n) {
    ObjectNode chunk = json.createObjectNode();
    chunk
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", CREATED)
        .put("model", model)
        .put("system_fingerprint", "fp_stub");
    ArrayNode choices = chunk.putArray("choices");
    if (choice != null) {
      choices.add(choice);
    }
    addUsage(chunk, usage, usageHere, n);
    return chunk;
  }

  // ---------------------------------------------------------------- legacy completions

  private void completions(HttpExchange exchange, JsonNode body, Steering steering)
      throws IOException {
    String id = "cmpl-upstream-" + ids.incrementAndGet();
    String model = body.path("model").asText();
    int n = choices(body);
    if (body.path("stream").asBoolean(false)) {
      UsageMode usage = usageMode(body, steering);
      List<Frame> frames = new ArrayList<>();
      for (String piece : ANSWER_PIECES) {
        for (int i = 0; i < n; i++) {
          frames.add(
              new Frame(
                  FrameKind.CONTENT,
                  completionChunk(id, model, usage, false, textChoice(i, piece, null), n)
                      .toString()));
        }
      }
      for (int i = 0; i < n; i++) {
        boolean usageHere = usage == UsageMode.ON_LAST_CHOICE_CHUNK && i == n - 1;
        frames.add(
            new Frame(
                FrameKind.TAIL,
                completionChunk(id, model, usage, usageHere, textChoice(i, "", "stop"), n)
                    .toString()));
      }
      if (usage == UsageMode.SEPARATE_CHUNK) {
        frames.add(
            new Frame(FrameKind.TAIL, completionChunk(id, model, usage, true, null, n).toString()));
      }
      stream(exchange, frames, steering);
      return;
    }
    ObjectNode answer = json.createObjectNode();
    answer
        .put("id", id)
        .put("object", "text_completion")
        .put("created", CREATED)
        .put("model", model);
    ArrayNode choices = answer.putArray("choices");
    for (int i = 0; i < n; i++) {
      choices.add(textChoice(i, ANSWER, "stop"));
    }
    if (!steering.has("no-usage")) {
      answer.set("usage", usage(n));
    }
    respond(exchange, 200, answer.toString());
  }

  private ObjectNode textChoice(int index, String text, String finishReason) {
    ObjectNode choice = json.createObjectNode().put("text", text).put("index", index);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return choice;
  }

  private ObjectNode completionChunk(
      String id, String model, UsageMode usage, boolean usageHere, ObjectNode choice, int n) {
    ObjectNode chunk = json.createObjectNode();
    chunk
        .put("id", id)
        .put("object", "text_completion")
        .put("created", CREATED)
        .put("model", model);
    ArrayNode choices = chunk.putArray("choices");
    if (choice != null) {
      choices.add(choice);
    }
    addUsage(chunk, usage, usageHere, n);
    return chunk;
  }

  // ---------------------------------------------------------------- embeddings

  private void embeddings(HttpExchange exchange, JsonNode body, Steering steering)
      throws IOException {
    List<String> inputs = embeddingInputs(body.path("input"));
    int dimensions = body.path("dimensions").asInt(0);
    if (dimensions <= 0) {
      dimensions = EMBEDDING_DIMENSIONS;
    }
    boolean base64 = "base64".equals(body.path("encoding_format").asText());
    ObjectNode answer = json.createObjectNode().put("object", "list");
    ArrayNode data = answer.putArray("data");
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = embeddingOf(inputs.get(i), dimensions);
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
          bytes.putFloat(value);
        }
        item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float value : vector) {
          values.add(value);
        }
      }
    }
    answer.put("model", body.path("model").asText());
    if (!steering.has("no-usage")) {
      int tokens = EMBEDDING_TOKENS_PER_INPUT * inputs.size();
      answer.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    }
    respond(exchange, 200, answer.toString());
  }

  /**
   * The inputs of an embeddings request: a string, an array of strings, an array of token ids (one
   * input, as its JSON text) or an array of token arrays.
   */
  private static List<String> embeddingInputs(JsonNode input) {
    if (input.isTextual()) {
      return List.of(input.asText());
    }
    if (!input.isArray()) {
      return List.of(input.toString());
    }
    if (input.size() > 0 && input.get(0).isNumber()) {
      return List.of(input.toString());
    }
    List<String> inputs = new ArrayList<>();
    for (JsonNode item : input) {
      inputs.add(item.isTextual() ? item.asText() : item.toString());
    }
    return inputs;
  }

  // ---------------------------------------------------------------- shared

  private static int choices(JsonNode body) {
    return Math.max(1, body.path("n").asInt(1));
  }

  private static UsageMode usageMode(JsonNode body, Steering steering) {
    if (steering.has("no-usage")
        || !body.path("stream_options").path("include_usage").asBoolean(false)) {
      return UsageMode.ABSENT;
    }
    return steering.has("usage-in-last-choice-chunk")
        ? UsageMode.ON_LAST_CHOICE_CHUNK
        : UsageMode.SEPARATE_CHUNK;
  }

  private void addUsage(ObjectNode chunk, UsageMode mode, boolean usageHere, int n) {
    if (mode == UsageMode.ABSENT) {
      return;
    }
    if (usageHere) {
      chunk.set("usage", usage(n));
    } else {
      chunk.putNull("usage");
    }
  }

  private ObjectNode usage(int n) {
    int completion = COMPLETION_TOKENS * n;
    return json.createObjectNode()
        .put("prompt_tokens", PROMPT_TOKENS)
        .put("completion_tokens", completion)
        .put("total_tokens", PROMPT_TOKENS + completion);
  }

  /**
   * Writes {@code frames} as SSE {@code data:} events, flushing each, then {@code data: [DONE]};
   * stalls or drops after the number of content chunks the steering names.
   */
  private void stream(HttpExchange exchange, List<Frame> frames, Steering steering)
      throws IOException {
    OptionalLong drip = steering.number(DRIP);
    OptionalLong stallAfter = steering.number(STALL);
    OptionalLong dropAfter = steering.number(DROP);
    OptionalLong hangAfter = steering.number(HANG_AFTER);
    OptionalLong truncateAfter = steering.number(TRUNCATE);
    boolean badJson = steering.has("bad-json");
    exchange.getResponseHeaders().set("Content-Type", STREAM_CONTENT_TYPE);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    mostOpenStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
    boolean counted = true;
    try {
      List<Frame> all = new ArrayList<>(frames);
      all.add(new Frame(FrameKind.TAIL, "[DONE]"));
      int contentSent = 0;
      boolean first = true;
      for (Frame frame : all) {
        if (!first && drip.isPresent()) {
          sleep(drip.getAsLong());
        }
        first = false;
        if (frame.kind() != FrameKind.ROLE) {
          if (stallAfter.isPresent() && contentSent >= stallAfter.getAsLong()) {
            stall(out);
          }
          if (dropAfter.isPresent() && contentSent >= dropAfter.getAsLong()) {
            throw new DroppedConnection();
          }
          if (hangAfter.isPresent() && contentSent >= hangAfter.getAsLong()) {
            sleep(HANG.toMillis());
            stall(out);
          }
          if (truncateAfter.isPresent() && contentSent >= truncateAfter.getAsLong()) {
            send(out, "data: {\"id\":\"chatcmpl-cut\",\"object\":\"chat.comp");
            break;
          }
        }
        if (badJson && frame.kind() == FrameKind.CONTENT) {
          send(out, "data: {\"choices\":[{\"delta\":{\"content\":\"oops\"\n\n");
          badJson = false;
          contentSent++;
          continue;
        }
        if (counted && frame.kind() == FrameKind.TAIL) {
          // no longer open before the client can see the end, so that the next request the
          // client sends on the freed connection never counts beside this one
          openStreams.decrementAndGet();
          counted = false;
        }
        send(out, "data: " + frame.data() + "\n\n");
        if (frame.kind() == FrameKind.CONTENT) {
          contentSent++;
        }
      }
      out.close();
    } finally {
      if (counted) {
        openStreams.decrementAndGet();
      }
    }
  }

  /** Sends SSE comments until a write fails (the client went away) or the stub closes. */
  private void stall(OutputStream out) throws IOException {
    while (true) {
      sleep(KEEP_ALIVE_INTERVAL.toMillis());
      send(out, ": keep-alive\n\n");
    }
  }

  private void send(OutputStream out, String text) throws IOException {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      if (!closing) {
        disconnects.incrementAndGet();
        unseenDisconnects.release();
      }
      throw e;
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("stub interrupted", e);
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
    closing = true;
    server.stop(0);
    executor.shutdownNow();
  }
}
