package io.llmproxy.edge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyNode;
import io.llmproxy.support.RawConnection;
import io.llmproxy.support.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests whose body framing a front proxy could read differently from this server are answered
 * 400 and their connection closed, so a request hidden in the body is never served; sound requests
 * on the same connection are answered one after the other; dashboard files are answered whole
 * whatever {@code Range} asks, framed exactly on a kept-alive connection.
 */
@EndToEnd
class HttpFramingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Served if it were ever read: the proof a request was smuggled. */
  private static final String SMUGGLED =
      "GET /actuator/health/liveness HTTP/1.1\r\nHost: a\r\n\r\n";

  /** Read as chunked it ends before {@link #SMUGGLED}; read by its length it includes it. */
  private static final String BODY = "0\r\n\r\n" + SMUGGLED;

  @TempDir static Path dataDir;

  private static ProxyNode node;
  private static int port;

  @BeforeAll
  static void start() {
    node = ProxyNode.start(dataDir, Map.of());
    port = RawHttp.port(node);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: {n}\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: {n}",
        "Content-Length: {n}\r\nTransfer-Encoding: chunked, identity",
        "Content-Length: {n}\r\nTransfer-Encoding: CHUNKED",
        "Content-Length: {n}\r\nTransfer-Encoding:\tchunked",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked , chunked",
        "Transfer-Encoding: gzip, chunked",
        "Transfer-Encoding: identity\r\nContent-Length: {n}",
        "Transfer-Encoding: xchunked",
        "Transfer-Encoding: chunked\r\n , identity",
        "Transfer-Encoding:\r\n chunked",
        "Content-Length: {n}\r\nX-Padding: a\r\n\tTransfer-Encoding: chunked",
        "Content-Length: +{n}",
        "Content-Length: 0{n}",
        "Content-Length: {n}, {n}",
        "Content-Length: 5, {n}",
        "Content-Length: {n}\r\nContent-Length: 5",
        "Content-Length: {n}\r\nContent-Length: {n}",
        "Content-Length: -1",
        "Content-Length: 99999999999999999999999",
        "Content-Length: 0x10",
        "X-Folded: a\r\n b\r\nContent-Length: {n}",
        "Content-Length: {n}\r\nX-Folded: a\r\n\tb",
        "Content-Length:\r\n {n}",
        "X-Nul: a\u0000b\r\nContent-Length: {n}",
        "Content-Length: {n}\nX-Bare-Lf: a"
      })
  void ambiguousFramingIsRefusedAndTheConnectionClosed(String headers) throws IOException {
    String head =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            + headers.replace("{n}", String.valueOf(BODY.length()))
            + "\r\n\r\n";
    try (RawConnection connection = RawConnection.open(port)) {
      RawHttp.Response answer = connection.send(head + BODY).read();

      assertThat(answer.status()).as(headers).isEqualTo(400);
      assertThat(answer.headers().get("connection")).isEqualToIgnoringCase("close");
      JsonNode error = JSON.readTree(answer.body()).path("error");
      assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
      assertThat(error.path("message").asText()).isNotBlank();
      // nothing more: not the smuggled request's answer, only the end of the connection
      assertThat(connection.closedByServer(5_000)).as("closed after " + headers).isTrue();
    }
  }

  @Test
  void soundRequestsOnOneConnectionAreAnsweredInTurn() throws IOException {
    String json = "{}";
    try (RawConnection connection = RawConnection.open(port)) {
      // a body by length and a request pipelined behind it in the same write
      connection.send(
          "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + json.length()
              + "\r\n\r\n"
              + json
              + SMUGGLED);
      assertThat(connection.read().status()).isEqualTo(401);
      assertThat(connection.read().text()).contains("UP");
      // a chunked body, then another request on the kept-alive connection
      connection.send(
          "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
      assertThat(connection.read().status()).isEqualTo(401);
      connection.send(SMUGGLED);
      assertThat(connection.read().text()).contains("UP");
      assertThat(connection.closedByServer(500)).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=0-5,6-10", "bytes=999999-", "bytes=0-5", "bytes=-3", "bytes=x"})
  void dashboardFilesAreAnsweredWholeWhateverTheRange(String range) throws IOException {
    byte[] file = staticFile("static/js/app.js");
    try (RawConnection connection = RawConnection.open(port)) {
      connection.send(
          "GET /js/app.js HTTP/1.1\r\nHost: a\r\nRange: "
              + range
              + "\r\n\r\n"
              + "HEAD /js/app.js HTTP/1.1\r\nHost: a\r\nRange: "
              + range
              + "\r\n\r\n"
              + SMUGGLED);

      RawHttp.Response whole = connection.read();
      assertThat(whole.status()).isEqualTo(200);
      assertThat(whole.headers()).doesNotContainKeys("accept-ranges", "content-range");
      assertThat(whole.headers().get("content-length")).isEqualTo(String.valueOf(file.length));
      assertThat(whole.body()).isEqualTo(file);
      RawHttp.Response head = connection.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).doesNotContainKeys("accept-ranges", "content-range");
      // the third answer parses exactly where the first two end
      RawHttp.Response next = connection.read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.text()).isEqualTo("{\"status\":\"UP\"}");
      assertThat(connection.closedByServer(500)).isFalse();
    }
  }

  private static byte[] staticFile(String name) throws IOException {
    try (InputStream in = HttpFramingTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
