package io.llmproxy.edge.ledger.synthetic;

import io.llmproxy.kernel.pricing.ModelPrice;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Realistic ledger entries for load and scale tests, the same for the same settings: keys with
 * skewed traffic (a few keys make most calls), most in teams, each using one to three of a set of
 * aliases on four providers (one alias unpriced); prompt and completion sizes spread over orders of
 * magnitude; some prompt caching; about 2 % failures, 1 % cancellations and 3 % requests that
 * succeed on a second attempt after a failed first. Times spread evenly over the period, in order.
 */
public final class SyntheticUsage {

  private static final List<Deployment> DEPLOYMENTS =
      List.of(
          new Deployment("gpt-4o-mini", "openai", price("gpt-4o-mini", "0.15", "0.6", "0.075")),
          new Deployment("gpt-4o", "openai", price("gpt-4o", "2.5", "10", "1.25")),
          new Deployment(
              "claude-sonnet", "anthropic", price("claude-sonnet-4-5", "3", "15", "0.3")),
          new Deployment(
              "flash", "gemini", price("gemini-2.0-flash-lite", "0.075", "0.3", "0.01875")),
          new Deployment("embed", "openai", price("text-embedding-3-small", "0.02", "0", null)),
          new Deployment("local-llama", "ollama", null));

  private final SyntheticUsageSettings settings;

  public SyntheticUsage(SyntheticUsageSettings settings) {
    this.settings = settings;
  }

  /** Hands every entry to {@code sink} in time order; a retried request gives two entries. */
  public void generate(Consumer<UsageRecorded> sink) {
    SplittableRandom random = new SplittableRandom(settings.seed());
    List<SyntheticKey> keys = keys(random);
    double[] cumulative = cumulativeWeights(keys.size());
    Instant start = settings.end().minus(settings.period());
    long spanMicros = settings.period().toNanos() / 1_000;
    long emitted = 0;
    long request = 0;
    while (emitted < settings.entries()) {
      long offset = (long) ((double) spanMicros * emitted / settings.entries());
      Instant at = start.plus(Duration.ofNanos(offset * 1_000L));
      SyntheticKey key = keys.get(pick(cumulative, random.nextDouble()));
      Deployment deployment = key.deployments().get(random.nextInt(key.deployments().size()));
      String requestId = "synth-" + settings.seed() + "-" + request++;
      int roll = random.nextInt(100);
      if (roll < 3 && emitted + 1 < settings.entries()) {
        sink.accept(failed(requestId, key, deployment, at, 1, true, random));
        sink.accept(answered(requestId, key, deployment, at.plusMillis(300), 2, random));
        emitted += 2;
      } else if (roll < 5) {
        sink.accept(failed(requestId, key, deployment, at, 1, false, random));
        emitted++;
      } else if (roll < 6) {
        sink.accept(cancelled(requestId, key, deployment, at, random));
        emitted++;
      } else {
        sink.accept(answered(requestId, key, deployment, at, 1, random));
        emitted++;
      }
    }
  }

  private List<SyntheticKey> keys(SplittableRandom random) {
    List<SyntheticKey> keys = new ArrayList<>();
    for (int i = 0; i < settings.keys(); i++) {
      String team =
          settings.teams() == 0 || random.nextInt(10) == 0
              ? null
              : String.format("team_synth%03d", random.nextInt(settings.teams()));
      int uses = 1 + random.nextInt(3);
      List<Deployment> deployments = new ArrayList<>();
      while (deployments.size() < uses) {
        Deployment candidate = DEPLOYMENTS.get(random.nextInt(DEPLOYMENTS.size()));
        if (!deployments.contains(candidate)) {
          deployments.add(candidate);
        }
      }
      keys.add(new SyntheticKey(String.format("synth%07d", i), team, deployments));
    }
    return keys;
  }

  /** Zipf-like: the key of rank r gets a share proportional to 1 / (r + 1). */
  private static double[] cumulativeWeights(int keys) {
    double[] cumulative = new double[keys];
    double sum = 0;
    for (int i = 0; i < keys; i++) {
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < keys; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }

  private static int pick(double[] cumulative, double point) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (cumulative[middle] < point) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static UsageRecorded answered(
      String requestId,
      SyntheticKey key,
      Deployment deployment,
      Instant at,
      int attempt,
      SplittableRandom random) {
    boolean embedding = deployment.alias().equals("embed");
    long prompt = logUniform(random, 8, embedding ? 2_000 : 12_000);
    long completion = embedding ? 0 : logUniform(random, 1, 1_500);
    long cached = !embedding && random.nextInt(4) == 0 ? prompt * random.nextInt(90) / 100 : 0;
    TokenUsage usage = new TokenUsage(prompt, completion, prompt + completion, cached, 0);
    boolean streamed = !embedding && random.nextBoolean();
    long latency = 80 + completion * (5 + random.nextInt(20)) / 10;
    return entry(
        requestId,
        key,
        deployment,
        usage,
        false,
        UsageOutcome.SUCCESS,
        latency,
        at,
        embedding ? "embeddings" : "chat.completions",
        streamed,
        streamed ? Long.valueOf(40 + random.nextInt(400)) : null,
        attempt,
        false);
  }

  private static UsageRecorded failed(
      String requestId,
      SyntheticKey key,
      Deployment deployment,
      Instant at,
      int attempt,
      boolean retried,
      SplittableRandom random) {
    return entry(
        requestId,
        key,
        deployment,
        TokenUsage.NONE,
        false,
        UsageOutcome.UPSTREAM_ERROR,
        20 + random.nextInt(2_000),
        at,
        "chat.completions",
        false,
        null,
        attempt,
        retried);
  }

  private static UsageRecorded cancelled(
      String requestId,
      SyntheticKey key,
      Deployment deployment,
      Instant at,
      SplittableRandom random) {
    long prompt = logUniform(random, 8, 8_000);
    long completion = random.nextInt(200);
    return entry(
        requestId,
        key,
        deployment,
        TokenUsage.of(prompt, completion),
        true,
        UsageOutcome.CLIENT_CANCELLED,
        200 + completion * 10,
        at,
        "chat.completions",
        true,
        Long.valueOf(50 + random.nextInt(300)),
        1,
        false);
  }

  private static UsageRecorded entry(
      String requestId,
      SyntheticKey key,
      Deployment deployment,
      TokenUsage usage,
      boolean estimated,
      UsageOutcome outcome,
      long latency,
      Instant at,
      String endpoint,
      boolean streamed,
      Long timeToFirstToken,
      int attempt,
      boolean retried) {
    ModelPrice price = deployment.price();
    BigDecimal cost = price == null ? null : price.costOf(usage);
    return new UsageRecorded(
        requestId,
        key.id(),
        deployment.alias(),
        deployment.provider(),
        price == null ? "llama3.1:8b" : price.model(),
        usage,
        estimated,
        outcome,
        latency,
        at,
        endpoint,
        streamed,
        timeToFirstToken,
        cost,
        price == null ? null : price.model() + "#1",
        key.teamId(),
        attempt,
        retried);
  }

  private static long logUniform(SplittableRandom random, long low, long high) {
    double exponent = Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low));
    return Math.max(low, Math.round(Math.exp(exponent)));
  }

  private static ModelPrice price(String model, String in, String out, String cached) {
    return new ModelPrice(
        model,
        new BigDecimal(in),
        new BigDecimal(out),
        cached == null ? null : new BigDecimal(cached),
        null);
  }

  private record Deployment(String alias, String provider, ModelPrice price) {}

  private record SyntheticKey(String id, String teamId, List<Deployment> deployments) {}
}
