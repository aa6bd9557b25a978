package io.llmproxy.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.support.EndToEnd;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of bench/crash.sh: the proxy runs as its own OS process (a child JVM on the
 * test class path, since the packaged jar is built after the tests), under concurrent streaming and
 * whole chat completions on two keys, and is killed with SIGKILL mid-load, twice, each time
 * restarted on the same data folder. After each restart: every request whose client got a complete
 * answer is in the ledger exactly once as a success, the hash chain verifies and an audit replay
 * finds no discrepancy. An in-process node ({@code ProxyNode}) cannot be SIGKILLed, hence the child
 * process.
 */
@EndToEnd
class CrashRecoveryTest {

  private static final String PASSWORD = "crash-test-password-1";
  private static final int CYCLES = 2;
  private static final int THREADS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path logs;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private int port;
  private Process proxy;
  private int starts;

  private enum Result {
    COMPLETE,
    INCOMPLETE,
    REFUSED
  }

  private record Outcome(int cycle, boolean streamed, Result result, String requestId) {}

  @AfterEach
  void stopProxy() throws InterruptedException {
    if (proxy != null && proxy.isAlive()) {
      proxy.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyCompleteAnswerIsInTheLedgerOnceAcrossKills() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    start();
    String token = login();
    // a slow alias keeps requests in flight when the kill comes, a fast one keeps the ledger
    // writer busy: the kill lands in both windows, before and after an entry is made durable
    send("PUT", "/admin/models/slow", token, "{\"provider\":\"mock\",\"model\":\"mock-1\"}");
    send("PUT", "/admin/models/fast", token, "{\"provider\":\"fastmock\",\"model\":\"mock-1\"}");
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      JsonNode issued =
          send(
              "POST",
              "/admin/keys",
              token,
              "{\"name\":\"crash-" + k + "\",\"models\":[\"slow\",\"fast\"]}");
      keys.add(issued.path("key").asText());
    }

    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService load = Executors.newFixedThreadPool(THREADS);
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        int loadCycle = cycle;
        load.submit(
            () -> {
              for (int n = 0; !stop.get(); n++) {
                outcomes.add(request(loadCycle, keys.get(n % keys.size()), (thread + n) % 2 == 0));
              }
            });
      }
      // kill at a random moment once answers flow (a cold JVM on a loaded machine may take a
      // while to answer its first request), so every cycle has complete answers to look for
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && completeIn(outcomes, cycle) == 0) {
        Thread.sleep(50);
      }
      Thread.sleep(500 + ThreadLocalRandom.current().nextInt(1500));
      proxy.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful phase
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      load.shutdown();
      assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

      start();
      int done = cycle;
      List<Outcome> sofar = outcomes.stream().filter(o -> o.cycle() <= done).toList();
      assertLedgerHoldsEveryCompleteAnswerOnce(sofar);
      String admin = login();
      assertChainVerifies(admin);
      assertReplayIsClean(admin);
      assertThat(completeIn(outcomes, cycle))
          .as("complete answers in cycle %d", cycle)
          .isPositive();
    }
  }

  private static long completeIn(List<Outcome> outcomes, int cycle) {
    synchronized (outcomes) {
      return outcomes.stream()
          .filter(o -> o.cycle() == cycle && o.result() == Result.COMPLETE)
          .count();
    }
  }

  private Outcome request(int cycle, String key, boolean streamed) {
    String model = ThreadLocalRandom.current().nextBoolean() ? "slow" : "fast";
    String body =
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + streamed
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"crash test\"}]}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base() + "/v1/chat/completions"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    String requestId = null;
    try {
      if (streamed) {
        HttpResponse<Stream<String>> response =
            http.send(request, HttpResponse.BodyHandlers.ofLines());
        requestId = response.headers().firstValue("x-request-id").orElse(null);
        boolean done;
        try (Stream<String> lines = response.body()) {
          done = lines.anyMatch(line -> line.equals("data: [DONE]"));
        }
        boolean complete = response.statusCode() == 200 && done;
        return new Outcome(cycle, true, complete ? Result.COMPLETE : Result.INCOMPLETE, requestId);
      }
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      requestId = response.headers().firstValue("x-request-id").orElse(null);
      boolean complete =
          response.statusCode() == 200 && JSON.readTree(response.body()).has("choices");
      return new Outcome(cycle, false, complete ? Result.COMPLETE : Result.INCOMPLETE, requestId);
    } catch (ConnectException e) {
      // the proxy is down: the request never reached it; pause so the threads do not spin
      sleepQuietly(100);
      return new Outcome(cycle, streamed, Result.REFUSED, null);
    } catch (IOException | RuntimeException e) {
      // reset or closed mid-answer, a body cut short: the kill's doing
      return new Outcome(cycle, streamed, Result.INCOMPLETE, requestId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(cycle, streamed, Result.INCOMPLETE, requestId);
    }
  }

  /** From the event store itself, beside the running proxy: what is durable is what counts. */
  private void assertLedgerHoldsEveryCompleteAnswerOnce(List<Outcome> outcomes)
      throws SQLException, IOException {
    Map<String, Integer> counted = new HashMap<>();
    Map<String, String> outcome = new HashMap<>();
    String url = "jdbc:sqlite:" + dataDir.resolve("llm-proxy.db").toAbsolutePath();
    try (Connection db = DriverManager.getConnection(url);
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "SELECT payload FROM domain_event_entry WHERE type = 'UsageLedger'")) {
      while (rows.next()) {
        JsonNode event = JSON.readTree(rows.getBytes(1));
        if (!event.path("retried").asBoolean()) {
          String id = event.path("requestId").asText();
          counted.merge(id, 1, Integer::sum);
          outcome.put(id, event.path("outcome").asText());
        }
      }
    }
    List<String> complete =
        outcomes.stream()
            .filter(o -> o.result() == Result.COMPLETE)
            .map(Outcome::requestId)
            .toList();
    assertThat(complete).doesNotContainNull();
    assertThat(counted).as("entries per request id").allSatisfy((id, n) -> assertThat(n).isOne());
    for (String id : complete) {
      assertThat(outcome).as("the ledger holds %s, answered completely", id).containsKey(id);
      assertThat(outcome.get(id)).as("outcome of %s", id).isEqualTo("SUCCESS");
    }
  }

  private void assertChainVerifies(String token) throws Exception {
    JsonNode verify = send("GET", "/api/audit/verify", token, null);
    assertThat(verify.path("verified").asBoolean()).as("chain: %s", verify).isTrue();
    assertThat(verify.path("breaks").asInt()).isZero();
  }

  private void assertReplayIsClean(String token) throws Exception {
    String id = send("POST", "/admin/audit/replays", token, null).path("id").asText();
    JsonNode replay = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      replay = send("GET", "/admin/audit/replays/" + id, token, null);
      if (!replay.path("status").asText().equals("running")) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(replay.path("status").asText()).as("replay: %s", replay).isEqualTo("completed");
    assertThat(replay.path("discrepancy_count").asInt()).as("replay: %s", replay).isZero();
  }

  private void start() throws Exception {
    starts++;
    Path log = logs.resolve("proxy-" + starts + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    proxy =
        new ProcessBuilder(
                java,
                "-Xmx384m",
                // a short-lived process: the C1 compiler alone starts it sooner on shared cores
                "-XX:TieredStopAtLevel=1",
                "-Daxoniq.update-checker.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                "io.llmproxy.app.LlmProxyApplication",
                "--server.port=" + port,
                "--llmproxy.data-dir=" + dataDir,
                "--llmproxy.admin-password=" + PASSWORD,
                "--llmproxy.providers.mock.latency=400ms",
                "--llmproxy.providers.fastmock.kind=mock",
                "--llmproxy.providers.fastmock.latency=5ms")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!proxy.isAlive()) {
        fail("the proxy exited with %d:%n%s", proxy.exitValue(), tail(log));
      }
      try {
        HttpRequest ready =
            HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    fail("the proxy did not become ready:%n%s", tail(log));
  }

  private String login() throws Exception {
    return send(
            "POST",
            "/admin/session",
            null,
            "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")
        .path("token")
        .asText();
  }

  /** An admin call that must succeed (2xx); its JSON body. */
  private JsonNode send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", method, path, response.body())
        .isBetween(200, 299);
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
