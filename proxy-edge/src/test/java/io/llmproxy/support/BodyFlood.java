package io.llmproxy.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waves of the same large request sent at once on separate connections to one port, for the flood
 * tests: every connection is opened first and the bodies start together.
 */
public final class BodyFlood implements AutoCloseable {

  private static final Duration WAVE_CEILING = Duration.ofMinutes(2);

  private final int port;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "body-flood");
            thread.setDaemon(true);
            return thread;
          });

  public BodyFlood(int port) {
    this.port = port;
  }

  /** The answers of one wave; {@code statuses} counts them by status, 0 for no answer. */
  public record Wave(String name, List<RawExchange.Answer> answers, Duration elapsed) {

    public Map<Integer, Integer> statuses() {
      Map<Integer, Integer> counts = new TreeMap<>();
      answers.forEach(answer -> counts.merge(answer.status(), 1, Integer::sum));
      return counts;
    }

    public int count(int status) {
      return statuses().getOrDefault(status, 0);
    }

    /** A line for the test's output. */
    public String summary() {
      return String.format(
          "%s: %d requests in %d ms, statuses %s",
          name, answers.size(), elapsed.toMillis(), statuses());
    }
  }

  /** Sends {@code request} {@code parallel} times at once; fails if a wave does not end in time. */
  public Wave wave(String name, int parallel, RawExchange request) throws Exception {
    CountDownLatch connected = new CountDownLatch(parallel);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<RawExchange.Answer>> sent = new ArrayList<>();
    long began = System.nanoTime();
    for (int i = 0; i < parallel; i++) {
      sent.add(threads.submit(() -> request.send(port, threads, connected, start)));
    }
    connected.await(30, TimeUnit.SECONDS);
    start.countDown();
    List<RawExchange.Answer> answers = new ArrayList<>();
    long deadline = began + WAVE_CEILING.toNanos();
    for (Future<RawExchange.Answer> answer : sent) {
      try {
        answers.add(answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException hung) {
        answers.add(RawExchange.Answer.none("no answer within " + WAVE_CEILING));
      }
    }
    return new Wave(name, answers, Duration.ofNanos(System.nanoTime() - began));
  }

  /** One request, alone. */
  public RawExchange.Answer send(RawExchange request) {
    return request.send(port, threads);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
