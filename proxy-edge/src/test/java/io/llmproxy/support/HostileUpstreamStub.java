package io.llmproxy.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP upstream that answers too much, in the wire format of OpenAI ({@code
 * /openai/v1/chat/completions}), Anthropic ({@code /anthropic/v1/messages}) or Gemini ({@code
 * /gemini/v1beta/models/<model>:generateContent} and {@code :streamGenerateContent}). A marker in
 * the request body picks the misbehaviour; without one the answer is a short, correct one saying
 * {@link #GREETING}:
 *
 * <ul>
 *   <li>{@code endless-line}: a stream with one content event ({@link #GREETING}), then a {@code
 *       data:} line of {@link #HUGE} bytes that never ends;
 *   <li>{@code endless-frames}: a stream of content events ({@link #PIECE} each) that goes on until
 *       the reader goes away;
 *   <li>{@code many-lines}: a stream whose first event is made of 1 KB {@code data:} lines, {@link
 *       #HUGE} bytes of them, never ended by a blank line;
 *   <li>{@code huge-answer}: a whole answer whose text is {@link #HUGE} bytes long;
 *   <li>{@code big-answer-<kilobytes>}: a correct whole answer whose text is that long.
 * </ul>
 *
 * Each response is written in 64 KB pieces until it is complete or a write fails because the reader
 * went away; {@link #written} tells how far it got.
 */
public final class HostileUpstreamStub implements AutoCloseable {

  public static final String GREETING = "Hello there";
  public static final String PIECE = " lorem ipsum";
  public static final long HUGE = 64L * 1024 * 1024;

  /** Bounds an endless stream in case the proxy never stops reading it (what the tests catch). */
  private static final long ENDLESS = 4L * 1024 * 1024 * 1024;

  private static final byte[] FILLER = filler();
  private static final Pattern BIG_ANSWER = Pattern.compile("big-answer-(\\d+)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();

  private enum Dialect {
    OPENAI,
    ANTHROPIC,
    GEMINI
  }

  public HostileUpstreamStub() throws IOException {
    this(0);
  }

  private HostileUpstreamStub(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(executor);
    server.createContext("/openai/v1/chat/completions", e -> handle(e, Dialect.OPENAI));
    server.createContext("/anthropic/v1/messages", e -> handle(e, Dialect.ANTHROPIC));
    server.createContext("/gemini/v1beta/", e -> handle(e, Dialect.GEMINI));
    server.start();
  }

  /** For bench/hostile-upstream.sh: serves on port {@code args[0]} until the process is killed. */
  public static void main(String[] args) throws IOException {
    new HostileUpstreamStub(Integer.parseInt(args[0]));
  }

  private String root() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String openAiBaseUrl() {
    return root() + "/openai/v1";
  }

  public String anthropicBaseUrl() {
    return root() + "/anthropic/v1";
  }

  public String geminiBaseUrl() {
    return root() + "/gemini/v1beta";
  }

  /** Bytes written of the latest response to a request carrying {@code marker}. */
  public long written(String marker) {
    AtomicLong bytes = written.get(marker);
    return bytes == null ? 0 : bytes.get();
  }

  /** Responses still being written. */
  public int openResponses() {
    return open.get();
  }

  private void handle(HttpExchange exchange, Dialect dialect) throws IOException {
    open.incrementAndGet();
    try (exchange) {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean streamed =
          dialect == Dialect.GEMINI
              ? exchange.getRequestURI().getPath().endsWith(":streamGenerateContent")
              : request.replace(" ", "").contains("\"stream\":true");
      String marker =
          Arrays.stream(
                  new String[] {
                    "endless-line", "endless-frames", "many-lines", "huge-answer", "big-answer-"
                  })
              .filter(request::contains)
              .findFirst()
              .orElse("normal");
      AtomicLong count = new AtomicLong();
      written.put(marker, count);
      Frames frames = new Frames(dialect);
      exchange
          .getResponseHeaders()
          .set("Content-Type", streamed ? "text/event-stream" : "application/json");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      try {
        if (!streamed) {
          String[] around = frames.aroundWholeText();
          write(out, count, around[0]);
          if ("huge-answer".equals(marker)) {
            fill(out, count, HUGE);
          } else if ("big-answer-".equals(marker)) {
            fill(out, count, kilobytes(request) * 1024);
          } else {
            write(out, count, GREETING);
          }
          write(out, count, around[1]);
          return;
        }
        switch (marker) {
          case "endless-line" -> {
            write(out, count, frames.start() + frames.content(GREETING) + "data: ");
            fill(out, count, HUGE);
          }
          case "endless-frames" -> {
            write(out, count, frames.start());
            byte[] frame = frames.content(PIECE).getBytes(StandardCharsets.UTF_8);
            while (count.get() < ENDLESS) {
              out.write(frame);
              count.addAndGet(frame.length);
            }
          }
          case "many-lines" -> {
            byte[] line = ("data: " + "y".repeat(1018) + "\n").getBytes(StandardCharsets.UTF_8);
            while (count.get() < HUGE) {
              out.write(line);
              count.addAndGet(line.length);
            }
          }
          default -> write(out, count, frames.start() + frames.content(GREETING) + frames.end());
        }
      } catch (IOException readerWentAway) {
        // the proxy gave up on the answer: what it cost us so far is in `written`
      }
    } finally {
      open.decrementAndGet();
    }
  }

  private static long kilobytes(String request) {
    Matcher size = BIG_ANSWER.matcher(request);
    return size.find() ? Long.parseLong(size.group(1)) : 1;
  }

  private static void write(OutputStream out, AtomicLong count, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes);
    out.flush();
    count.addAndGet(bytes.length);
  }

  private static void fill(OutputStream out, AtomicLong count, long bytes) throws IOException {
    for (long sent = 0; sent < bytes; sent += FILLER.length) {
      int length = (int) Math.min(FILLER.length, bytes - sent);
      out.write(FILLER, 0, length);
      count.addAndGet(length);
    }
    out.flush();
  }

  private static byte[] filler() {
    byte[] bytes = new byte[64 * 1024];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  /** The frames of one dialect; text is JSON-safe (letters and spaces). */
  private record Frames(Dialect dialect) {

    String start() {
      return switch (dialect) {
        case OPENAI -> openAi("{\"role\":\"assistant\",\"content\":\"\"}", "null");
        case ANTHROPIC ->
            event(
                    "message_start",
                    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[],"
                        + "\"stop_reason\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}")
                + event(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        case GEMINI -> "";
      };
    }

    String content(String text) {
      return switch (dialect) {
        case OPENAI -> openAi("{\"content\":\"" + text + "\"}", "null");
        case ANTHROPIC ->
            event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
                    + text
                    + "\"}}");
        case GEMINI -> "data: " + gemini(text, null) + "\n\n";
      };
    }

    String end() {
      return switch (dialect) {
        case OPENAI ->
            openAi("{}", "\"stop\"")
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":2,\"total_tokens\":11}}\n\ndata: [DONE]\n\n";
        case ANTHROPIC ->
            event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":2}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
        case GEMINI -> "data: " + gemini("", "STOP") + "\n\n";
      };
    }

    /** A whole answer, split where its text goes. */
    String[] aroundWholeText() {
      String text = "@@";
      String answer =
          switch (dialect) {
            case OPENAI ->
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                    + text
                    + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                    + "\"completion_tokens\":2,\"total_tokens\":11}}";
            case ANTHROPIC ->
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\""
                    + text
                    + "\"}],\"stop_reason\":\"end_turn\","
                    + "\"usage\":{\"input_tokens\":9,\"output_tokens\":2}}";
            case GEMINI -> gemini(text, "STOP");
          };
      int at = answer.indexOf(text);
      return new String[] {answer.substring(0, at), answer.substring(at + text.length())};
    }

    private static String openAi(String delta, String finishReason) {
      return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
          + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":"
          + delta
          + ",\"finish_reason\":"
          + finishReason
          + "}]}\n\n";
    }

    private static String event(String name, String data) {
      return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String gemini(String text, String finishReason) {
      return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
          + text
          + "\"}],\"role\":\"model\"},"
          + (finishReason == null ? "" : "\"finishReason\":\"" + finishReason + "\",")
          + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,"
          + "\"candidatesTokenCount\":2,\"totalTokenCount\":11},\"modelVersion\":\"gemini-x\"}";
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
