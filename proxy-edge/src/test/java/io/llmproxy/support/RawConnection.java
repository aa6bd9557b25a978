package io.llmproxy.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection over a bare socket: bytes go out exactly as written (framing
 * tricks, pipelined requests), and answers are read one at a time, so a test can tell whether the
 * server closed the connection and whether a second request was ever answered.
 */
public final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
  }

  public static RawConnection open(int port) throws IOException {
    return open(port, "127.0.0.1");
  }

  /**
   * A connection from another loopback address ({@code 127.0.0.2}, ...), which the server sees as
   * another client.
   */
  public static RawConnection open(int port, String from) throws IOException {
    Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(from), 0);
    socket.setSoTimeout(10_000);
    return new RawConnection(socket);
  }

  public RawConnection send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawConnection send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** The next answer; {@code headOnly} for an answer to HEAD. */
  public RawHttp.Response read(boolean headOnly) throws IOException {
    return RawHttp.read(in, headOnly);
  }

  public RawHttp.Response read() throws IOException {
    return read(false);
  }

  /**
   * Whether the server closed its side: the next read ends the stream (or the connection was reset)
   * within {@code millis}, with not one byte of another answer before it.
   */
  public boolean closedByServer(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /**
   * Whether nothing at all arrives within {@code millis} (the connection stays open and silent).
   */
  public boolean idleFor(int millis) throws IOException {
    socket.setSoTimeout(millis);
    in.mark(1);
    try {
      int b = in.read();
      in.reset();
      return false;
    } catch (SocketTimeoutException nothing) {
      return true;
    } catch (IOException reset) {
      return false;
    } finally {
      socket.setSoTimeout(10_000);
    }
  }

  public void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** The head and the whole body of an event stream, read until the stream's last chunk. */
  public String readStream() throws IOException {
    RawHttp.Head head = RawHttp.readHead(in);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    RawHttp.readBody(in, head.headers(), body);
    return head.status() + "\n" + body.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
