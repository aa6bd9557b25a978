package io.llmproxy.edge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.support.EndToEnd;
import io.llmproxy.support.ProxyJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,500 connections that each send half a request head and then nothing: the proxy, as its own
 * process sized as the container is, closes every one of them once the head clock runs out, its
 * open file descriptors come back to where they were, and ordinary requests are answered all the
 * while.
 */
@EndToEnd
class SlowClientFloodTest {

  private static final int SLOW_CLIENTS = 1_500;
  private static final byte[] HALF_HEAD =
      "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Ty"
          .getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void halfSentHeadsAreDroppedAndOrdinaryRequestsAnsweredMeanwhile() throws Exception {
    try (ProxyJvm proxy =
        ProxyJvm.start(
            dir,
            "1g",
            List.of(
                "--llmproxy.http.head-timeout=5s",
                "--llmproxy.http.max-connections-per-client=" + (SLOW_CLIENTS * 2)))) {
      proxy.awaitReady(Duration.ofMinutes(4));
      for (int i = 0; i < 5; i++) {
        assertThat(liveness(proxy)).isEqualTo(200);
      }
      long baseline = openDescriptors(proxy);

      List<Socket> slow = new ArrayList<>();
      long openingMs;
      List<Long> latenciesMs = new ArrayList<>();
      long during = 0;
      long back;
      long drainedMs;
      try {
        long opening = System.nanoTime();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
          Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
          slow.add(socket);
          socket.getOutputStream().write(HALF_HEAD);
          if (i % 100 == 99) {
            during = Math.max(during, openDescriptors(proxy));
          }
        }
        long opened = System.nanoTime();
        openingMs = (opened - opening) / 1_000_000;
        // connects complete in the kernel's accept queue faster than the proxy accepts them: wait
        // for the descriptors to catch up, well within the head timeout that each accept starts
        while (during <= baseline + SLOW_CLIENTS * 9L / 10
            && System.nanoTime() - opened < Duration.ofSeconds(3).toNanos()) {
          during = Math.max(during, openDescriptors(proxy));
          Thread.sleep(50);
        }
        // ordinary requests while the slow ones are held, until every slow one is gone
        back = during;
        while (System.nanoTime() - opened < Duration.ofSeconds(60).toNanos()) {
          long began = System.nanoTime();
          assertThat(liveness(proxy)).isEqualTo(200);
          latenciesMs.add((System.nanoTime() - began) / 1_000_000);
          back = openDescriptors(proxy);
          if (back <= baseline + 10) {
            break;
          }
          Thread.sleep(100);
        }
        drainedMs = (System.nanoTime() - opened) / 1_000_000;
        // every slow client saw its connection end: the 408, then the end of the stream
        for (Socket socket : slow) {
          socket.setSoTimeout(5_000);
          byte[] answer = socket.getInputStream().readAllBytes();
          assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408");
        }
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
      long slowest = latenciesMs.stream().mapToLong(Long::longValue).max().orElseThrow();
      System.out.printf(
          "slow-client flood: %d half heads, opened in %d ms; open descriptors %d before, at most"
              + " %d with them open, %d %d ms after the last was opened; %d ordinary requests"
              + " meanwhile, median %d ms, slowest %d ms%n",
          SLOW_CLIENTS,
          openingMs,
          baseline,
          during,
          back,
          drainedMs,
          latenciesMs.size(),
          latenciesMs.stream().sorted().toList().get(latenciesMs.size() / 2),
          slowest);

      assertThat(during).isGreaterThan(baseline + SLOW_CLIENTS / 2);
      assertThat(back).isLessThanOrEqualTo(baseline + 10);
      assertThat(slowest).isLessThan(10_000);
      assertThat(proxy.isAlive()).isTrue();
    }
  }

  private static int liveness(ProxyJvm proxy) throws IOException, InterruptedException {
    return proxy.call("GET", "/actuator/health/liveness", null, null).statusCode();
  }

  private static long openDescriptors(ProxyJvm proxy) throws IOException {
    try (Stream<Path> descriptors =
        Files.list(Path.of("/proc", String.valueOf(proxy.pid()), "fd"))) {
      return descriptors.count();
    }
  }
}
