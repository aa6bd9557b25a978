package io.llmproxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket: the request line and headers go out byte for byte as written, so a
 * path such as {@code /%61dmin/keys} or {@code /admin;x/keys} reaches the server unnormalised
 * (every HTTP client library re-encodes or normalises some of them). One request per connection.
 */
public final class RawHttp {

  private static final int TIMEOUT_MILLIS = 30_000;

  private RawHttp() {}

  /** A request to send; {@code target} is the request-target exactly as it goes on the wire. */
  public static final class Request {

    private final String method;
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private boolean defaultHost = true;

    private Request(String method, String target) {
      this.method = method;
      this.target = target;
    }

    public String method() {
      return method;
    }

    public String target() {
      return target;
    }

    /** Adds a header; a {@code Host} header replaces the default one ({@code 127.0.0.1}). */
    public Request header(String name, String value) {
      if (name.equalsIgnoreCase("Host")) {
        defaultHost = false;
      }
      headers.add(new String[] {name, value});
      return this;
    }

    /** Sends no {@code Host} header at all. */
    public Request withoutHost() {
      defaultHost = false;
      return this;
    }

    public Request json(String text) {
      return text == null ? this : body("application/json", text);
    }

    public Request body(String contentType, String text) {
      header("Content-Type", contentType);
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** The same request with another request-target (headers and body kept). */
    public Request retarget(String newTarget) {
      Request copy = new Request(method, newTarget);
      copy.headers.addAll(headers);
      copy.body = body;
      copy.defaultHost = defaultHost;
      return copy;
    }

    byte[] bytes() {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      if (defaultHost) {
        head.append("Host: 127.0.0.1\r\n");
      }
      head.append("Connection: close\r\n");
      for (String[] header : headers) {
        head.append(header[0]).append(": ").append(header[1]).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.writeBytes(body);
      }
      return out.toByteArray();
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(method).append(' ').append(target);
      for (String[] header : headers) {
        if (!header[0].equalsIgnoreCase("Authorization")
            && !header[0].equalsIgnoreCase("x-api-key")) {
          text.append(" [").append(header[0]).append(": ").append(header[1]).append(']');
        }
      }
      return text.toString();
    }
  }

  /** The status, lower-cased headers and body; an event stream's body is left unread. */
  public record Response(int status, Map<String, String> headers, byte[] body) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public boolean is2xx() {
      return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
      String text = text();
      return status + " " + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }
  }

  public static Request request(String method, String target) {
    return new Request(method, target);
  }

  public static Response send(int port, Request request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(request.bytes());
      out.flush();
      return read(socket.getInputStream(), request.method.equals("HEAD"));
    }
  }

  /** The port of a node's base URL. */
  public static int port(ProxyNode node) {
    return Integer.parseInt(node.baseUrl().substring(node.baseUrl().lastIndexOf(':') + 1));
  }

  /** The status line and headers of an answer, header names lower-cased. */
  public record Head(int status, Map<String, String> headers) {}

  /** Reads one answer; {@code headOnly} for the answer to HEAD, which has no body. */
  public static Response read(InputStream in, boolean headOnly) throws IOException {
    Head head = readHead(in);
    if (headOnly
        || head.headers().getOrDefault("content-type", "").startsWith("text/event-stream")) {
      // the answer to HEAD has no body, and a live feed never ends: the head is the answer
      return new Response(head.status(), head.headers(), new byte[0]);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    readBody(in, head.headers(), body);
    return new Response(head.status(), head.headers(), body.toByteArray());
  }

  /** Reads a status line and headers. */
  public static Head readHead(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before a status line");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return new Head(status, headers);
  }

  /**
   * Reads the body {@code headers} frame into {@code body}: by its length, by its chunks, or to the
   * end of the connection.
   */
  public static void readBody(InputStream in, Map<String, String> headers, OutputStream body)
      throws IOException {
    if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (String size = line(in); size != null; size = line(in)) {
        int n = Integer.parseInt(size.split(";")[0].trim(), 16);
        if (n == 0) {
          line(in);
          return;
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    } else {
      body.write(in.readAllBytes());
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }
}
