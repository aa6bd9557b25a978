package io.llmproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container health check, run as Docker runs it: a JVM with nothing but the probe's class. */
class HealthProbeTest {

  @TempDir Path classes;

  private HttpServer server;
  private volatile int answer = 200;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/actuator/health/liveness",
        exchange -> {
          byte[] body = "{\"status\":\"UP\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void exitsZeroOnlyWhenTheProbeAnswers200() throws Exception {
    Path classFile = classes.resolve(HealthProbe.class.getName().replace('.', '/') + ".class");
    Files.createDirectories(classFile.getParent());
    try (var compiled = HealthProbe.class.getResourceAsStream("HealthProbe.class")) {
      Files.copy(compiled, classFile);
    }
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health/liveness";

    assertThat(run(url)).isZero();
    answer = 503;
    assertThat(run(url)).isEqualTo(1);
    server.stop(0);
    assertThat(run(url)).isEqualTo(1);
  }

  @Test
  void theDefaultUrlFollowsTheConfiguredPorts() {
    assertThat(HealthProbe.defaultUrl(Map.of()))
        .isEqualTo("http://127.0.0.1:8080/actuator/health/liveness");
    assertThat(HealthProbe.defaultUrl(Map.of("SERVER_PORT", "9000")))
        .isEqualTo("http://127.0.0.1:9000/actuator/health/liveness");
    assertThat(
            HealthProbe.defaultUrl(Map.of("SERVER_PORT", "9000", "MANAGEMENT_SERVER_PORT", "9100")))
        .isEqualTo("http://127.0.0.1:9100/actuator/health/liveness");
  }

  private int run(String url) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process probe =
        new ProcessBuilder(
                java, "-Xmx16m", "-cp", classes.toString(), HealthProbe.class.getName(), url)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return probe.exitValue();
  }
}
