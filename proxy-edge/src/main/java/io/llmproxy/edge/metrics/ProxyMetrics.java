package io.llmproxy.edge.metrics;

import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Prometheus figures of the proxied traffic, fed from the one place every attempt ends: its ledger
 * entry, once durable. Labels are bounded by configuration (aliases, providers, endpoints,
 * outcomes), never by traffic (no key, team or request ids), so the series count does not grow with
 * clients. Latency histograms use fixed buckets for the same reason.
 */
@Component
public class ProxyMetrics {

  /** Seconds-scale buckets covering a cached embedding to a long generation. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofSeconds(120),
    Duration.ofSeconds(300)
  };

  private final MeterRegistry registry;
  private final Map<Series, Meters> meters = new ConcurrentHashMap<>();
  private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

  ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Why a request was turned away before any upstream call. */
  public enum Refusal {
    RATE_LIMIT,
    BUDGET,
    DEPLOYMENT_CAPACITY;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Counts one durable ledger entry: a request's final attempt, or a retried one. */
  public void recorded(UsageRecorded entry) {
    Meters m =
        meters.computeIfAbsent(
            new Series(
                entry.alias(),
                entry.provider(),
                entry.endpoint(),
                entry.streamed(),
                entry.outcome()),
            this::register);
    if (entry.retried()) {
      m.retries.increment();
    } else {
      m.requests.increment();
      m.latency.record(entry.latencyMillis(), TimeUnit.MILLISECONDS);
    }
    if (entry.outcome() == UsageOutcome.UPSTREAM_ERROR
        || entry.outcome() == UsageOutcome.ANSWER_TOO_LARGE) {
      m.upstreamErrors.increment();
    }
    if (m.timeToFirstToken != null && entry.timeToFirstTokenMillis() != null) {
      m.timeToFirstToken.record(entry.timeToFirstTokenMillis(), TimeUnit.MILLISECONDS);
    }
    TokenUsage usage = entry.usage();
    m.promptTokens.increment(usage.promptTokens());
    m.completionTokens.increment(usage.completionTokens());
    m.cachedTokens.increment(usage.cachedTokens());
    m.cacheWriteTokens.increment(usage.cacheWriteTokens());
    if (entry.cost() != null) {
      // the ledger keeps the exact decimal; a scrape only needs a close rate of spend
      m.cost.increment(entry.cost().doubleValue());
    }
  }

  /** Counts a request refused for {@code reason} on {@code alias}. */
  public void refused(Refusal reason, String alias) {
    refusals
        .computeIfAbsent(
            reason.label() + '\u0000' + alias,
            ignored ->
                Counter.builder("llmproxy.refusals")
                    .description("requests refused before any upstream call")
                    .tag("reason", reason.label())
                    .tag("alias", alias)
                    .register(registry))
        .increment();
  }

  private record Series(
      String alias, String provider, String endpoint, boolean streamed, UsageOutcome outcome) {}

  private static final class Meters {
    Counter requests;
    Counter retries;
    Counter upstreamErrors;
    Timer latency;
    Timer timeToFirstToken;
    Counter promptTokens;
    Counter completionTokens;
    Counter cachedTokens;
    Counter cacheWriteTokens;
    Counter cost;
  }

  private Meters register(Series s) {
    String provider = s.provider() == null ? "none" : s.provider();
    String streamed = Boolean.toString(s.streamed());
    String outcome = s.outcome().wireName();
    Meters m = new Meters();
    m.requests =
        Counter.builder("llmproxy.requests")
            .description("proxied requests, counted once at their final attempt")
            .tags("alias", s.alias(), "provider", provider, "endpoint", s.endpoint())
            .tags("streamed", streamed, "outcome", outcome)
            .register(registry);
    m.retries =
        Counter.builder("llmproxy.retries")
            .description("attempts that failed and were followed by another attempt")
            .tags("alias", s.alias(), "provider", provider, "endpoint", s.endpoint())
            .tag("streamed", streamed)
            .register(registry);
    m.upstreamErrors =
        Counter.builder("llmproxy.upstream.errors")
            .description("attempts that ended in an upstream failure, retried or not")
            .tags("alias", s.alias(), "provider", provider, "endpoint", s.endpoint())
            .tag("streamed", streamed)
            .register(registry);
    m.latency =
        Timer.builder("llmproxy.request.duration")
            .description("time from the request's final attempt starting to its usage being known")
            .tags("alias", s.alias(), "provider", provider, "endpoint", s.endpoint())
            .tags("streamed", streamed, "outcome", outcome)
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
    // only streams have a first token; whole answers would only add empty histograms
    m.timeToFirstToken =
        !s.streamed()
            ? null
            : Timer.builder("llmproxy.time.to.first.token")
                .description("wait for a streamed answer's first chunk")
                .tags("alias", s.alias(), "provider", provider, "endpoint", s.endpoint())
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
    m.promptTokens = tokens(s, provider, "prompt");
    m.completionTokens = tokens(s, provider, "completion");
    m.cachedTokens = tokens(s, provider, "cached");
    m.cacheWriteTokens = tokens(s, provider, "cache_write");
    m.cost =
        Counter.builder("llmproxy.cost")
            .description("cost of the recorded usage at the prices in force")
            .baseUnit("usd")
            .tags("alias", s.alias(), "provider", provider)
            .register(registry);
    return m;
  }

  private Counter tokens(Series s, String provider, String type) {
    return Counter.builder("llmproxy.tokens")
        .description("tokens in recorded usage; prompt includes cached and cache_write")
        .tags("alias", s.alias(), "provider", provider, "type", type)
        .register(registry);
  }
}
