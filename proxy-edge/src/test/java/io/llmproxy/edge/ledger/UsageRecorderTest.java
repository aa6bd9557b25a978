package io.llmproxy.edge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.llmproxy.edge.budget.BudgetGuard;
import io.llmproxy.edge.budget.BudgetGuards;
import io.llmproxy.edge.errors.ApiException;
import io.llmproxy.edge.keys.RegisteredKey;
import io.llmproxy.edge.keys.TeamRegistry;
import io.llmproxy.edge.metrics.Metrics;
import io.llmproxy.edge.pricing.PriceCatalog;
import io.llmproxy.edge.providers.Operation;
import io.llmproxy.edge.ratelimit.DeploymentCaps;
import io.llmproxy.edge.ratelimit.KeyRateLimiter;
import io.llmproxy.edge.ratelimit.Limiters;
import io.llmproxy.edge.routing.Target;
import io.llmproxy.eventstore.EventAppends;
import io.llmproxy.eventstore.EventReads;
import io.llmproxy.eventstore.EventUpcasting;
import io.llmproxy.kernel.budget.Budget;
import io.llmproxy.kernel.budget.BudgetPeriod;
import io.llmproxy.kernel.keys.RateLimits;
import io.llmproxy.kernel.routing.Deployment;
import io.llmproxy.kernel.usage.TokenUsage;
import io.llmproxy.kernel.usage.UsageOutcome;
import io.llmproxy.kernel.usage.UsageRecorded;
import io.llmproxy.support.SqliteEventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import org.sqlite.SQLiteDataSource;

/**
 * A request's end as a ledger entry: its cost at the price in force when it started, written once,
 * counted against its budget, and its reservation given back only by its final attempt.
 */
class UsageRecorderTest {

  private static final Instant STARTED = Instant.parse("2026-03-04T15:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Target GPT_4O = new Target("chat", Deployment.of("openai", "gpt-4o"), null);

  @TempDir Path folder;

  private final Serializer serializer = SqliteEventStore.eventSerializer();
  private final ChainMetaData chainMetaData = new ChainMetaData(serializer);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private EventReads reads;
  private UsageLedger ledger;
  private BudgetGuard budgets;
  private UsageRecorder recorder;
  private KeyRateLimiter rateLimiter;
  private DeploymentCaps deploymentCaps;

  @BeforeEach
  void start() {
    SQLiteDataSource database = SqliteEventStore.in(folder);
    reads = new EventReads(database, new EventUpcasting(serializer, null));
    ledger =
        new UsageLedger(
            new LedgerRows(new EventAppends(database), chainMetaData),
            new LedgerEntries(serializer, chainMetaData),
            database,
            512,
            meters);
    ledger.start();
    TeamRegistry teams = new TeamRegistry();
    Clock clock = Clock.fixed(STARTED, ZoneOffset.UTC);
    rateLimiter = Limiters.keyRateLimiter(teams);
    deploymentCaps = Limiters.deploymentCaps();
    budgets =
        BudgetGuards.over(
            reads,
            teams,
            DefaultCommandGateway.builder().commandBus(SimpleCommandBus.builder().build()).build(),
            clock);
    recorder =
        new UsageRecorder(
            ledger,
            new PriceCatalog(),
            rateLimiter,
            deploymentCaps,
            budgets,
            Metrics.proxyMetrics(meters),
            clock);
  }

  @AfterEach
  void stop() {
    ledger.stop();
  }

  @Test
  void recordsTheEntryWithItsCostAtThePriceInForceWhenItStarted() {
    UsageRecorder.Attempt attempt =
        recorder.start(
            "req-1", key("k1", "t1", null), GPT_4O, Operation.CHAT_COMPLETIONS, false, 2, none());

    UsageRecorded entry =
        attempt.finish(UsageOutcome.SUCCESS, TokenUsage.of(1_000, 500), true).block(WAIT);

    assertThat(attempt.requestId()).isEqualTo("req-1");
    assertThat(ledgerOf("k1")).containsExactly(entry);
    assertThat(entry.requestId()).isEqualTo("req-1");
    assertThat(entry.keyId()).isEqualTo("k1");
    assertThat(entry.teamId()).isEqualTo("t1");
    assertThat(entry.alias()).isEqualTo("chat");
    assertThat(entry.provider()).isEqualTo("openai");
    assertThat(entry.upstreamModel()).isEqualTo("gpt-4o");
    assertThat(entry.usage()).isEqualTo(TokenUsage.of(1_000, 500));
    assertThat(entry.estimated()).isTrue();
    assertThat(entry.outcome()).isEqualTo(UsageOutcome.SUCCESS);
    assertThat(entry.occurredAt()).isEqualTo(STARTED);
    assertThat(entry.endpoint()).isEqualTo("chat.completions");
    assertThat(entry.streamed()).isFalse();
    assertThat(entry.timeToFirstTokenMillis()).isNull();
    assertThat(entry.latencyMillis()).isBetween(0L, WAIT.toMillis());
    // (1000 × 2.50 + 500 × 10) / 1e6 with the bundled gpt-4o price
    assertThat(entry.cost()).isEqualByComparingTo("0.0075");
    assertThat(entry.priceVersion()).isEqualTo("gpt-4o#1");
    assertThat(entry.attempt()).isEqualTo(2);
    assertThat(entry.retried()).isFalse();
    assertThat(meters.get("llmproxy.requests").counter().count()).isEqualTo(1);
  }

  @Test
  void theTokensUsedCountAgainstTheKeysAndTheDeploymentsPerMinuteLimits() {
    RateLimits thousandTokens = new RateLimits(null, 1_000L);
    RegisteredKey key =
        new RegisteredKey(
            "k1",
            "k1",
            Set.of("*"),
            null,
            thousandTokens,
            null,
            null,
            "hash",
            null,
            null,
            false,
            false,
            0);
    Deployment capped = new Deployment("openai", "gpt-4o", 1, thousandTokens);
    rateLimiter.admit(key);
    assertThat(deploymentCaps.tryAdmit(capped)).isTrue();

    recorder
        .start(
            "req-1",
            key,
            new Target("chat", capped, null),
            Operation.CHAT_COMPLETIONS,
            false,
            1,
            none())
        .finish(UsageOutcome.SUCCESS, TokenUsage.of(1_000, 500), false)
        .block(WAIT);

    assertThat(catchThrowableOfType(ApiException.class, () -> rateLimiter.admit(key)).status())
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(deploymentCaps.tryAdmit(capped)).isFalse();
  }

  @Test
  void anUnpricedModelIsRecordedWithoutACost() {
    Target local = new Target("local", Deployment.of("ollama", "llama3.1:8b"), null);

    UsageRecorded entry =
        recorder
            .start("req-1", key("k1", null, null), local, Operation.COMPLETIONS, false, 1, none())
            .finish(UsageOutcome.SUCCESS, TokenUsage.of(10, 5), false)
            .block(WAIT);

    assertThat(entry.cost()).isNull();
    assertThat(entry.priceVersion()).isNull();
    assertThat(entry.endpoint()).isEqualTo("completions");
  }

  @Test
  void aStreamedAnswerHasATimeToFirstTokenOnceAChunkArrived() {
    UsageRecorder.Attempt withChunk =
        recorder.start(
            "req-1", key("k1", null, null), GPT_4O, Operation.CHAT_COMPLETIONS, true, 1, none());
    withChunk.firstChunkArrived();
    withChunk.firstChunkArrived();
    UsageRecorded streamed =
        withChunk.finish(UsageOutcome.SUCCESS, TokenUsage.of(1, 1), false).block(WAIT);
    UsageRecorded noChunk =
        recorder
            .start(
                "req-2", key("k1", null, null), GPT_4O, Operation.CHAT_COMPLETIONS, true, 1, none())
            .finish(UsageOutcome.CLIENT_CANCELLED, TokenUsage.NONE, false)
            .block(WAIT);

    assertThat(streamed.streamed()).isTrue();
    assertThat(streamed.timeToFirstTokenMillis()).isBetween(0L, streamed.latencyMillis());
    assertThat(noChunk.timeToFirstTokenMillis()).isNull();
  }

  @Test
  void onlyTheFirstEndReportedIsRecorded() {
    UsageRecorder.Attempt attempt =
        recorder.start(
            "req-1", key("k1", null, null), GPT_4O, Operation.CHAT_COMPLETIONS, false, 1, none());

    UsageRecorded first =
        attempt.finish(UsageOutcome.SUCCESS, TokenUsage.of(1, 1), false).block(WAIT);
    UsageRecorded second =
        attempt.finish(UsageOutcome.CLIENT_CANCELLED, TokenUsage.of(9, 9), false).block(WAIT);
    attempt.finishDetached(UsageOutcome.UPSTREAM_ERROR, TokenUsage.NONE, false);

    assertThat(second).isNull();
    assertThat(ledgerOf("k1")).containsExactly(first);
  }

  @Test
  void aRetriedAttemptKeepsTheReservationAndTheFinalOneGivesItBackAndCounts() {
    RegisteredKey key = key("k1", null, new Budget(BigDecimal.ONE, BudgetPeriod.LIFETIME, null));
    BudgetGuard.Admission admission = budgets.admit(key, () -> BigDecimal.ONE);

    UsageRecorded failed =
        recorder
            .start("req-1", key, GPT_4O, Operation.CHAT_COMPLETIONS, false, 1, admission)
            .finishRetried()
            .block(WAIT);

    assertThat(failed.outcome()).isEqualTo(UsageOutcome.UPSTREAM_ERROR);
    assertThat(failed.usage()).isEqualTo(TokenUsage.NONE);
    assertThat(failed.retried()).isTrue();
    assertThat(failed.estimated()).isFalse();
    assertThat(meters.get("llmproxy.retries").counter().count()).isEqualTo(1);
    assertRefused(key, "0.01");

    recorder
        .start("req-1", key, GPT_4O, Operation.CHAT_COMPLETIONS, false, 2, admission)
        .finish(UsageOutcome.SUCCESS, TokenUsage.of(1_000, 500), false)
        .block(WAIT);

    // the reservation of 1 is back, and the 0.0075 spent counts
    assertRefused(key, "0.9926");
    budgets.admit(key, () -> new BigDecimal("0.9925"));
  }

  @Test
  void anEndTheLedgerCannotTakeIsA503AndTheDetachedOneIsOnlyLogged() {
    ledger.stop();
    UsageRecorder.Attempt attempt =
        recorder.start(
            "req-1", key("k1", null, null), GPT_4O, Operation.CHAT_COMPLETIONS, false, 1, none());

    ApiException refused =
        catchThrowableOfType(
            ApiException.class,
            () -> attempt.finish(UsageOutcome.SUCCESS, TokenUsage.of(1, 1), false).block(WAIT));

    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(refused.code()).isEqualTo("ledger_unavailable");
    recorder
        .start("req-2", key("k1", null, null), GPT_4O, Operation.CHAT_COMPLETIONS, false, 1, none())
        .finishDetached(UsageOutcome.SUCCESS, TokenUsage.of(1, 1), false);
    assertThat(ledgerOf("k1")).isEmpty();
  }

  private void assertRefused(RegisteredKey key, String amount) {
    assertThat(
            catchThrowableOfType(
                ApiException.class, () -> budgets.admit(key, () -> new BigDecimal(amount))))
        .isNotNull();
  }

  private BudgetGuard.Admission none() {
    return budgets.admit(key("nobody", null, null), () -> BigDecimal.ZERO);
  }

  private List<UsageRecorded> ledgerOf(String keyId) {
    return reads
        .payloads(reads.stream(UsageRecorded.ledgerStreamId(keyId)), UsageRecorded.class)
        .toList();
  }

  private static RegisteredKey key(String keyId, String teamId, Budget budget) {
    return new RegisteredKey(
        keyId, keyId, Set.of("*"), null, null, teamId, budget, "hash", null, null, false, false, 0);
  }
}
