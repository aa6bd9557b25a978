package io.llmproxy.support;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/**
 * One {@code GET /api/usage/stream} held open over real HTTP, recording its status, what it
 * received and when and how it ended.
 */
public final class LiveFeed implements AutoCloseable {

  private final AtomicInteger status = new AtomicInteger();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicLong endedAtNanos = new AtomicLong();
  private final AtomicReference<String> ending = new AtomicReference<>();
  private final Disposable subscription;

  private LiveFeed(String baseUrl, String token) {
    subscription =
        WebClient.create(baseUrl)
            .get()
            .uri("/api/usage/stream")
            .header("Authorization", "Bearer " + token)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchangeToFlux(
                response -> {
                  status.set(response.statusCode().value());
                  // raw text: comments are lines too, and a refusal is JSON
                  return response
                      .bodyToFlux(DataBuffer.class)
                      .map(
                          buffer -> {
                            String text = buffer.toString(StandardCharsets.UTF_8);
                            DataBufferUtils.release(buffer);
                            return text;
                          });
                })
            .subscribe(received::add, error -> ended("error: " + error), () -> ended("completed"));
  }

  /** Opens a feed and waits for its answer: the first line of the stream, or an error body. */
  public static LiveFeed open(ProxyNode node, String token) {
    LiveFeed feed = new LiveFeed(node.baseUrl(), token);
    await().atMost(Duration.ofSeconds(10)).until(() -> !feed.received.isEmpty() || feed.hasEnded());
    return feed;
  }

  public int status() {
    return status.get();
  }

  public boolean isStreaming() {
    return status() == 200 && !hasEnded();
  }

  public boolean hasEnded() {
    return endedAtNanos.get() != 0;
  }

  /** How the stream ended: "completed", or "error: " and the client's error. */
  public String ending() {
    return ending.get();
  }

  public List<String> received() {
    return received;
  }

  /** Waits for the stream to end; answers how long after {@code sinceNanos} it did. */
  public Duration awaitEnd(long sinceNanos, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(this::hasEnded);
    return Duration.ofNanos(endedAtNanos.get() - sinceNanos);
  }

  private void ended(String how) {
    ending.compareAndSet(null, how);
    endedAtNanos.compareAndSet(0, System.nanoTime());
  }

  @Override
  public void close() {
    subscription.dispose();
  }
}
