package io.llmproxy.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 request with a large body over its own socket, its answer read while the body is
 * still being written: a server may answer (401, 413, 503) before it has read the body and close
 * the connection, and "answer read, then connection closed" is then the server's answer.
 */
public record RawExchange(
    String method, String path, Map<String, String> headers, LargeBody body, boolean chunked) {

  private static final int READ_TIMEOUT_MS = 60_000;

  /** What came back: a status of 0 means no answer at all, {@code failure} says why. */
  public record Answer(int status, Map<String, String> headers, byte[] body, String failure) {

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    static Answer none(String failure) {
      return new Answer(0, Map.of(), new byte[0], failure);
    }
  }

  /** Sends once, alone. */
  public Answer send(int port, ExecutorService writers) {
    return send(port, writers, new CountDownLatch(1), new CountDownLatch(0));
  }

  /**
   * Connects and counts down {@code connected}, waits for {@code start}, then writes on a {@code
   * writers} thread while reading.
   */
  public Answer send(
      int port, ExecutorService writers, CountDownLatch connected, CountDownLatch start) {
    Socket socket = null;
    try {
      socket = connect(port, connected);
      start.await();
      OutputStream out = socket.getOutputStream();
      Future<?> writing =
          writers.submit(
              () -> {
                try {
                  out.write(head());
                  if (body != null) {
                    body.writeTo(out, chunked);
                  }
                } catch (IOException closedEarly) {
                  // the server answered before reading all of it: the answer is what counts
                }
              });
      Answer answer = read(socket.getInputStream());
      // unblocks a writer the server stopped reading from
      socket.close();
      writing.get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.none("interrupted");
    } catch (Exception e) {
      return Answer.none(e.toString());
    } finally {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // nothing left to read from it
    }
  }

  private static Socket connect(int port, CountDownLatch connected) throws IOException {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      return socket;
    } finally {
      connected.countDown();
    }
  }

  private byte[] head() {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
      head.append(
          chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length() + "\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Answer read(InputStream in) {
    RawHttp.Head head;
    try {
      head = RawHttp.readHead(in);
    } catch (IOException e) {
      return Answer.none(e.toString());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      RawHttp.readBody(in, head.headers(), body);
      return new Answer(head.status(), head.headers(), body.toByteArray(), null);
    } catch (IOException e) {
      return new Answer(head.status(), head.headers(), body.toByteArray(), "body cut short: " + e);
    }
  }
}
