import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an OpenAI-compatible upstream, for benchmarks. Single file, JDK only: run it with
 * the JDK 17 source launcher,
 *
 * <pre>java bench/MockUpstream.java --port 18081 --delay-ms 50</pre>
 *
 * <p>{@code POST .../chat/completions} answers after {@code --delay-ms} (measured from the moment
 * the request body has been read until the response headers are written) with a fixed short reply:
 * a {@code chat.completion} object, or, when the body asks for {@code "stream": true}, an SSE
 * stream of {@code chat.completion.chunk} frames ending in {@code data: [DONE]} (with a usage chunk
 * first when {@code stream_options.include_usage} is true). The delay is a timer, not a sleeping
 * thread, so thousands of requests can wait at once.
 *
 * <p>{@code GET /stats} reports counters: requests received, answers completed, answers the client
 * went away from before they were written.
 *
 * <p>Options: {@code --port P} (default 18081), {@code --delay-ms D} (default 0), {@code --host H}
 * (default 127.0.0.1), {@code --threads N} (request threads, default 4). Slow streams: {@code
 * --chunk-delay-ms C} (default 0) with {@code --chunks K} (default 5) makes a streamed answer send
 * K content frames ({@code completion_tokens} = K) with C ms between two frames, on the timer too,
 * so thousands of streams can be slow at once; with C = 0 the stream is the fixed short reply.
 */
public final class MockUpstream {

  static final String REPLY_TEXT = "Hello from the mock upstream.";
  static final List<String> REPLY_PIECES = List.of("Hello", " from", " the", " mock", " upstream.");
  static final int PROMPT_TOKENS = 12;
  static final int COMPLETION_TOKENS = REPLY_PIECES.size();

  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern STREAM_TRUE = Pattern.compile("\"stream\"\\s*:\\s*true");
  private static final Pattern INCLUDE_USAGE = Pattern.compile("\"include_usage\"\\s*:\\s*true");

  private final long delayMillis;
  private final long chunkDelayMillis;
  private final int chunks;
  private final ScheduledExecutorService timer;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();

  private MockUpstream(
      long delayMillis, long chunkDelayMillis, int chunks, ScheduledExecutorService timer) {
    this.delayMillis = delayMillis;
    this.chunkDelayMillis = chunkDelayMillis;
    this.chunks = chunks;
    this.timer = timer;
  }

  public static void main(String[] args) throws IOException {
    String host = "127.0.0.1";
    int port = 18081;
    long delay = 0;
    int threads = 4;
    long chunkDelay = 0;
    int chunks = REPLY_PIECES.size();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(require(args[i], value));
        case "--delay-ms" -> delay = Long.parseLong(require(args[i], value));
        case "--host" -> host = require(args[i], value);
        case "--threads" -> threads = Integer.parseInt(require(args[i], value));
        case "--chunk-delay-ms" -> chunkDelay = Long.parseLong(require(args[i], value));
        case "--chunks" -> chunks = Integer.parseInt(require(args[i], value));
        case "-h", "--help" -> {
          System.out.println(
              "usage: java MockUpstream.java [--port P] [--delay-ms D] [--host H] [--threads N]"
                  + " [--chunk-delay-ms C] [--chunks K]");
          return;
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    // the JDK server leaves Nagle on by default; a response written in two segments would then
    // wait for the client's delayed ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 4096);
    ExecutorService workers = Executors.newFixedThreadPool(threads, named("mock-worker"));
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, named("mock-timer"));
    MockUpstream mock = new MockUpstream(delay, chunkDelay, chunks, timer);
    server.createContext("/", mock::handle);
    server.setExecutor(workers);
    server.start();
    System.out.printf(
        "MockUpstream listening on http://%s:%d/v1 (delay %d ms, %d threads, chunk delay %d ms)%n",
        host, port, delay, threads, chunkDelay);
  }

  private static String require(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(false);
      return t;
    };
  }

  private void handle(HttpExchange exchange) {
    try {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("POST".equals(method) && path.endsWith("/chat/completions")) {
        received.incrementAndGet();
        Answer answer = answerFor(new String(body, StandardCharsets.UTF_8));
        if (delayMillis <= 0) {
          send(exchange, answer);
        } else {
          timer.schedule(() -> send(exchange, answer), delayMillis, TimeUnit.MILLISECONDS);
        }
      } else if ("GET".equals(method) && path.equals("/stats")) {
        String json =
            "{\"received\":"
                + received.get()
                + ",\"completed\":"
                + completed.get()
                + ",\"aborted\":"
                + aborted.get()
                + ",\"delay_ms\":"
                + delayMillis
                + "}";
        sendSimple(exchange, 200, "application/json", json);
      } else if ("GET".equals(method) && path.equals("/health")) {
        sendSimple(exchange, 200, "text/plain", "ok");
      } else {
        sendSimple(
            exchange,
            404,
            "application/json",
            "{\"error\":{\"message\":\"Unknown request URL: "
                + method
                + " "
                + jsonEscape(path)
                + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}");
      }
    } catch (IOException | RuntimeException e) {
      aborted.incrementAndGet();
      exchange.close();
    }
  }

  private record Answer(boolean stream, boolean includeUsage, String model, String id) {}

  private Answer answerFor(String body) {
    Matcher m = MODEL.matcher(body);
    String model = m.find() ? m.group(1) : "mock";
    boolean stream = STREAM_TRUE.matcher(body).find();
    boolean includeUsage = stream && INCLUDE_USAGE.matcher(body).find();
    String id = "chatcmpl-mock" + Long.toHexString(ids.incrementAndGet());
    return new Answer(stream, includeUsage, model, id);
  }

  private void send(HttpExchange exchange, Answer answer) {
    if (answer.stream() && chunkDelayMillis > 0) {
      new SlowStream(exchange, answer).start();
      return;
    }
    try {
      if (answer.stream()) {
        sendStream(exchange, answer);
      } else {
        byte[] bytes = completion(answer).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
      completed.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      aborted.incrementAndGet();
      exchange.close();
    }
  }

  private static void sendSimple(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String completion(Answer a) {
    long created = System.currentTimeMillis() / 1000;
    return "{\"id\":\""
        + a.id()
        + "\",\"object\":\"chat.completion\",\"created\":"
        + created
        + ",\"model\":\""
        + a.model()
        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
        + REPLY_TEXT
        + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        + usage()
        + ",\"system_fingerprint\":\"fp_mock\"}";
  }

  private static String usage() {
    return "\"usage\":{\"prompt_tokens\":"
        + PROMPT_TOKENS
        + ",\"completion_tokens\":"
        + COMPLETION_TOKENS
        + ",\"total_tokens\":"
        + (PROMPT_TOKENS + COMPLETION_TOKENS)
        + "}";
  }

  /** OpenAI's stream: a role chunk, content chunks, a finish chunk, [usage chunk], [DONE]. */
  private void sendStream(HttpExchange exchange, Answer a) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0); // 0 = chunked transfer encoding
    long created = System.currentTimeMillis() / 1000;
    String head =
        "{\"id\":\""
            + a.id()
            + "\",\"object\":\"chat.completion.chunk\",\"created\":"
            + created
            + ",\"model\":\""
            + a.model()
            + "\",\"system_fingerprint\":\"fp_mock\",\"choices\":";
    // with include_usage, OpenAI adds "usage":null to every chunk but the last
    String tail = a.includeUsage() ? ",\"usage\":null}" : "}";
    try (OutputStream out = exchange.getResponseBody()) {
      frame(
          out,
          head
              + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
              + "\"logprobs\":null,\"finish_reason\":null}]"
              + tail);
      for (String piece : REPLY_PIECES) {
        frame(
            out,
            head
                + "[{\"index\":0,\"delta\":{\"content\":\""
                + piece
                + "\"},\"logprobs\":null,\"finish_reason\":null}]"
                + tail);
      }
      frame(
          out,
          head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]" + tail);
      if (a.includeUsage()) {
        frame(out, head + "[]," + usage() + "}");
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * A stream of {@code chunks} content frames, one every {@code chunkDelayMillis}, each written by
   * the timer: no thread waits between two frames.
   */
  private final class SlowStream {
    private final HttpExchange exchange;
    private final Answer a;
    private final String head;
    private final String tail;
    private OutputStream out;
    private int sent;

    SlowStream(HttpExchange exchange, Answer a) {
      this.exchange = exchange;
      this.a = a;
      this.head =
          "{\"id\":\""
              + a.id()
              + "\",\"object\":\"chat.completion.chunk\",\"created\":"
              + System.currentTimeMillis() / 1000
              + ",\"model\":\""
              + a.model()
              + "\",\"system_fingerprint\":\"fp_mock\",\"choices\":";
      this.tail = a.includeUsage() ? ",\"usage\":null}" : "}";
    }

    void start() {
      try {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        out = exchange.getResponseBody();
        frame(
            out,
            head
                + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]"
                + tail);
        timer.schedule(this::next, chunkDelayMillis, TimeUnit.MILLISECONDS);
      } catch (IOException | RuntimeException e) {
        fail();
      }
    }

    private void next() {
      try {
        if (sent < chunks) {
          String piece = REPLY_PIECES.get(sent % REPLY_PIECES.size());
          sent++;
          frame(
              out,
              head
                  + "[{\"index\":0,\"delta\":{\"content\":\""
                  + piece
                  + "\"},\"logprobs\":null,\"finish_reason\":null}]"
                  + tail);
          timer.schedule(this::next, chunkDelayMillis, TimeUnit.MILLISECONDS);
          return;
        }
        frame(
            out,
            head
                + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]"
                + tail);
        if (a.includeUsage()) {
          frame(
              out,
              head
                  + "[],\"usage\":{\"prompt_tokens\":"
                  + PROMPT_TOKENS
                  + ",\"completion_tokens\":"
                  + chunks
                  + ",\"total_tokens\":"
                  + (PROMPT_TOKENS + chunks)
                  + "}}");
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.close();
        completed.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        fail();
      }
    }

    private void fail() {
      aborted.incrementAndGet();
      exchange.close();
    }
  }

  private static void frame(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush(); // one HTTP chunk per SSE frame, as a real upstream sends them
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
