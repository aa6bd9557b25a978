package io.llmproxy.app.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged proxy started the two ways the README allows: through ./llm-proxy, which must pass
 * its heap and collector flags to the JVM (and the build's class-data archive when there is one)
 * and become ready; and as a plain {@code java -jar}, which must warn about the heap it took.
 */
@EndToEnd
class StartScriptTest {

  private static final Path JAR = Path.of("target", "llm-proxy.jar").toAbsolutePath();
  private static final Path ARCHIVE = Path.of("target", "cds", "llm-proxy.jsa").toAbsolutePath();
  private static final Duration READY_CEILING = Duration.ofMinutes(3);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void theStartScriptPassesItsFlagsToTheJvmAndTheProxyBecomesReady() throws Exception {
    assertThat(JAR).as("the packaged jar (mvn package)").exists();
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
            "sh",
            StartScriptDryRunTest.SCRIPT.toString(),
            "--server.port=" + port,
            "--llmproxy.data-dir=" + dir.resolve("data"),
            "--llmproxy.admin-password=start-script-test-1");
    clearJvmOptions(builder);
    builder.environment().put("LLMPROXY_JAR", JAR.toString());
    Path log = dir.resolve("proxy.log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitReady(process, port, log);
      // the script execs the JVM: the process is the JVM, with the script's flags
      List<String> jvm = List.of(process.info().arguments().orElseThrow());
      assertThat(jvm).contains("-Xmx164m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
      if (Files.exists(ARCHIVE)) {
        assertThat(jvm).contains("-XX:SharedArchiveFile=" + ARCHIVE);
      }
      assertThat(Files.readString(log)).doesNotContain("No maximum heap was chosen");
    } finally {
      stop(process);
    }
  }

  @Test
  void aPlainJavaDashJarWarnsAboutTheHeapItTook() throws Exception {
    assertThat(JAR).as("the packaged jar (mvn package)").exists();
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-jar",
            JAR.toString(),
            "--server.port=" + freePort(),
            "--llmproxy.data-dir=" + dir.resolve("data"),
            "--llmproxy.admin-password=start-script-test-1");
    clearJvmOptions(builder);
    Path log = dir.resolve("plain.log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      // logged as the environment is ready, long before the proxy is
      long deadline = System.nanoTime() + READY_CEILING.toNanos();
      while (!Files.readString(log).contains("No maximum heap was chosen")) {
        assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
        assertThat(System.nanoTime())
            .as("no warning within %s", READY_CEILING)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      String warning =
          Files.readAllLines(log).stream()
              .filter(line -> line.contains("No maximum heap was chosen"))
              .findFirst()
              .orElseThrow();
      assertThat(warning).contains("WARN", " MiB", "./llm-proxy");
    } finally {
      stop(process);
    }
  }

  private void awaitReady(Process process, int port, Path log) throws Exception {
    HttpRequest readiness =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + READY_CEILING.toNanos();
    while (true) {
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      try {
        if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the port opens late in the start
      }
      assertThat(System.nanoTime()).as("not ready within %s", READY_CEILING).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static void clearJvmOptions(ProcessBuilder builder) {
    List<String> cleared = new ArrayList<>(HeapChoice.OPTION_VARIABLES);
    cleared.addAll(List.of("JAVA_OPTS", "LLMPROXY_MAX_HEAP"));
    cleared.forEach(builder.environment()::remove);
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
