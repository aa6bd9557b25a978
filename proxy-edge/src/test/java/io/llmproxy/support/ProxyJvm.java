package io.llmproxy.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy as its own JVM, sized as the container image sizes it: the Dockerfile's {@code
 * JDK_JAVA_OPTIONS} (read from the Dockerfile, as bench/memory.sh does, so the two cannot drift)
 * and {@code -XX:MaxRAM} standing for the container's memory limit. It runs from the test class
 * path, since the packaged jar is built after the tests; its GC log and its output go to files.
 */
public final class ProxyJvm implements AutoCloseable {

  public static final String ADMIN_PASSWORD = "proxy-jvm-password-1";

  private static final Pattern JDK_JAVA_OPTIONS =
      Pattern.compile("^ENV JDK_JAVA_OPTIONS=\"([^\"]*)\".*$", Pattern.MULTILINE);

  private final Process process;
  private final int port;
  private final Path output;
  private final Path gcLog;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ProxyJvm(Process process, int port, Path output, Path gcLog) {
    this.process = process;
    this.port = port;
    this.output = output;
    this.gcLog = gcLog;
  }

  /** The runtime flags of the image, as its Dockerfile sets them. */
  public static List<String> dockerfileJvmFlags() throws IOException {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("Dockerfile"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no Dockerfile above " + System.getProperty("user.dir"));
    }
    Matcher flags = JDK_JAVA_OPTIONS.matcher(Files.readString(dir.resolve("Dockerfile")));
    if (!flags.find()) {
      throw new IllegalStateException("no ENV JDK_JAVA_OPTIONS=\"...\" in the Dockerfile");
    }
    return Arrays.asList(flags.group(1).trim().split("\\s+"));
  }

  /** Starts a node on {@code dir} as a container with {@code maxRam} of memory would run it. */
  public static ProxyJvm start(Path dir, String maxRam, List<String> extraArgs) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path output = dir.resolve("proxy.log");
    Path gcLog = dir.resolve("gc.log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(dockerfileJvmFlags());
    command.add("-XX:MaxRAM=" + maxRam);
    command.add("-Xlog:gc:file=" + gcLog);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.llmproxy.app.LlmProxyApplication",
            "--server.port=" + port,
            "--llmproxy.data-dir=" + dir.resolve("data"),
            "--llmproxy.admin-password=" + ADMIN_PASSWORD,
            "--spring.lifecycle.timeout-per-shutdown-phase=3s"));
    command.addAll(extraArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> environment = builder.environment();
    // the flags above are the image's; none from this machine's environment may be added
    environment.remove("JDK_JAVA_OPTIONS");
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
    return new ProxyJvm(builder.start(), port, output, gcLog);
  }

  public int port() {
    return port;
  }

  public Path gcLog() {
    return gcLog;
  }

  /** The process id, to read its {@code /proc} entries. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process wrote to stdout and stderr so far. */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  public String outputTail() {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Waits until readiness answers 200; fails early when the process exits. */
  public Duration awaitReady(Duration ceiling) throws InterruptedException {
    long began = System.nanoTime();
    long deadline = began + ceiling.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the proxy exited with " + process.exitValue() + ":\n" + outputTail());
      }
      try {
        if (call("GET", "/actuator/health/readiness", null, null).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - began);
        }
      } catch (IOException notListeningYet) {
        // keep waiting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the proxy was not ready within " + ceiling + outputTail());
  }

  /** A small JSON call; {@code token} and {@code body} may be null. */
  public HttpResponse<String> call(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Whether the JVM reported running out of memory, in its output (and exited, if it did). */
  public boolean ranOutOfMemory() {
    return output().contains("OutOfMemoryError");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
