import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Opens N concurrent streaming chat completions at once and reports, per stream, whether it ended
 * with {@code data: [DONE]}, its time to first byte (first SSE line) and its completion time.
 * Single file, JDK only, for bench/streams.sh:
 *
 * <pre>java bench/StreamClient.java URL KEY MODEL N TIMEOUT_SECONDS</pre>
 *
 * <p>Prints a summary (done / failed by reason, percentiles of TTFB and completion in ms) and exits
 * 0 when every stream completed with [DONE], 1 otherwise.
 */
public final class StreamClient {

  static final class Result {
    final long start = System.nanoTime();
    volatile long firstByte = -1;
    volatile long end = -1;
    volatile boolean done;
    volatile int status;
    volatile String error;
    volatile int lines;
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String key = args[1];
    String model = args[2];
    int n = Integer.parseInt(args[3]);
    long timeoutSeconds = Long.parseLong(args[4]);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    String body =
        "{\"model\":\""
            + model
            + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    List<Result> results = new ArrayList<>(n);
    List<CompletableFuture<?>> futures = new ArrayList<>(n);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Result r = new Result();
      results.add(r);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(timeoutSeconds))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      futures.add(
          client
              .sendAsync(
                  request,
                  info -> {
                    r.status = info.statusCode();
                    return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(r));
                  })
              .whenComplete(
                  (resp, e) -> {
                    if (e != null && r.error == null) {
                      r.error = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    r.end = System.nanoTime();
                  }));
    }
    long launched = System.nanoTime();
    try {
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
          .get(timeoutSeconds + 30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // counted below: the unfinished streams have no end time
    }
    long wall = System.nanoTime() - t0;
    int done = 0;
    Map<String, Integer> failures = new TreeMap<>();
    List<Long> ttfb = new ArrayList<>();
    List<Long> total = new ArrayList<>();
    for (Result r : results) {
      if (r.firstByte > 0) {
        ttfb.add((r.firstByte - r.start) / 1_000_000);
      }
      if (r.end > 0) {
        total.add((r.end - r.start) / 1_000_000);
      }
      if (r.done && r.status == 200 && r.end > 0 && r.error == null) {
        done++;
      } else {
        String reason =
            r.end < 0
                ? "not finished"
                : r.error != null ? r.error : r.status != 200 ? "HTTP " + r.status : "no [DONE]";
        failures.merge(reason.length() > 120 ? reason.substring(0, 120) : reason, 1, Integer::sum);
      }
    }
    System.out.printf(
        "streams %d, completed with [DONE] %d, failed %d, launched in %d ms, wall %d ms%n",
        n, done, n - done, (launched - t0) / 1_000_000, wall / 1_000_000);
    failures.forEach((k, v) -> System.out.printf("  failed: %d × %s%n", v, k));
    System.out.println("ttfb_ms " + percentiles(ttfb));
    System.out.println("completion_ms " + percentiles(total));
    System.exit(done == n ? 0 : 1);
  }

  static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "n=0";
    }
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    return String.format(
        "n=%d min=%d p50=%d p90=%d p99=%d max=%d",
        v.length, v[0], at(v, 0.50), at(v, 0.90), at(v, 0.99), v[v.length - 1]);
  }

  static long at(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  static final class Lines implements Flow.Subscriber<String> {
    private final Result r;

    Lines(Result r) {
      this.r = r;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (r.firstByte < 0) {
        r.firstByte = System.nanoTime();
      }
      r.lines++;
      if (line.trim().equals("data: [DONE]")) {
        r.done = true;
      }
    }

    @Override
    public void onError(Throwable t) {
      r.error = t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void onComplete() {}
  }
}
