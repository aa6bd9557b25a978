package io.llmproxy.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmproxy.edge.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Many exchanges growing, shrinking, parsing and releasing at once against one small budget, from a
 * printed seed ({@code -Dbudget.seed=<seed>} repeats the same steps; the interleaving is the
 * scheduler's): the budget is never overdrawn nor over-filled, what it lends equals what the
 * exchanges hold, releasing a reservation from several threads gives it back once, and at the end
 * it is whole again.
 */
class BodyMemoryBudgetConcurrencyTest {

  private static final long TOTAL = 1 << 20;
  private static final int THREADS = 8;
  private static final int STEPS = 10_000;
  private static final int SHARED = 4;
  private static final int OWN_AT_MOST = 6;

  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong busy = new AtomicLong();
  private final AtomicLong tooLarge = new AtomicLong();

  /** One thread's own reservation and what it must hold by the steps taken on it. */
  private static final class Owned {
    final ServerWebExchange exchange;
    final BodyMemoryBudget.Reservation reservation;
    long held;

    Owned(BodyMemoryBudget budget, ServerWebExchange exchange) {
      this.exchange = exchange;
      this.reservation = budget.open(exchange);
    }
  }

  @Test
  void manyExchangesAtOnceNeverOverdrawNorOverfillTheBudgetAndGiveItAllBack() throws Exception {
    long seed = Long.getLong("budget.seed", System.nanoTime());
    System.out.println("BodyMemoryBudgetConcurrencyTest seed " + seed);
    BodyMemoryBudget budget = new BodyMemoryBudget(TOTAL);
    List<BodyMemoryBudget.Reservation> shared = new ArrayList<>();
    for (int i = 0; i < SHARED; i++) {
      shared.add(budget.open(BodyMemoryBudgetTest.exchange()));
    }
    AtomicBoolean done = new AtomicBoolean();
    long[] seen = {Long.MAX_VALUE, Long.MIN_VALUE};
    Thread watch =
        new Thread(
            () -> {
              while (!done.get()) {
                long available = budget.available();
                seen[0] = Math.min(seen[0], available);
                seen[1] = Math.max(seen[1], available);
                Thread.onSpinWait();
              }
            });
    watch.start();

    List<List<Owned>> owned = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<Owned> mine = new ArrayList<>();
      owned.add(mine);
      Random random = new Random(seed + t);
      // a mock exchange costs a millisecond to build: a thread reuses those its released
      // reservations were opened on
      List<ServerWebExchange> exchanges = new ArrayList<>();
      for (int i = 0; i < OWN_AT_MOST; i++) {
        exchanges.add(BodyMemoryBudgetTest.exchange());
      }
      workers.add(
          new Thread(
              () -> {
                for (int step = 0; step < STEPS; step++) {
                  step(budget, random, mine, exchanges, shared);
                }
                // every thread releases every shared reservation: each must come back once
                shared.forEach(BodyMemoryBudget.Reservation::release);
              }));
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      worker.join();
    }

    long modelled = owned.stream().flatMap(List::stream).mapToLong(o -> o.held).sum();
    assertThat(TOTAL - budget.available()).as("lent vs held").isEqualTo(modelled);

    List<Thread> releasers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      releasers.add(
          new Thread(
              () -> owned.stream().flatMap(List::stream).forEach(o -> o.reservation.release())));
    }
    releasers.forEach(Thread::start);
    for (Thread releaser : releasers) {
      releaser.join();
    }
    done.set(true);
    watch.join();

    System.out.printf(
        "budget %d bytes, %d threads x %d steps: %d busy, %d too large; available seen %d..%d%n",
        TOTAL, THREADS, STEPS, busy.get(), tooLarge.get(), seen[0], seen[1]);
    assertThat(failures).as("seed %d", seed).isEmpty();
    assertThat(seen[0]).as("lowest available, seed %d", seed).isNotNegative();
    assertThat(seen[1]).as("highest available, seed %d", seed).isLessThanOrEqualTo(TOTAL);
    assertThat(budget.available()).as("seed %d", seed).isEqualTo(TOTAL);
    // the steps did reach the budget's limits, or the bounds above proved little
    assertThat(busy.get()).as("busy refusals").isPositive();
    assertThat(tooLarge.get()).as("too-large refusals").isPositive();
  }

  private void step(
      BodyMemoryBudget budget,
      Random random,
      List<Owned> mine,
      List<ServerWebExchange> free,
      List<BodyMemoryBudget.Reservation> shared) {
    int dice = random.nextInt(100);
    if (dice < 20) {
      BodyMemoryBudget.Reservation any = shared.get(random.nextInt(shared.size()));
      long bytes = random.nextLong(TOTAL / 4);
      attempt(() -> any.growTo(bytes), bytes);
      any.shrinkTo(random.nextLong(TOTAL / 4));
      return;
    }
    if (mine.isEmpty() || (dice < 30 && mine.size() < OWN_AT_MOST)) {
      mine.add(new Owned(budget, free.remove(free.size() - 1)));
      return;
    }
    Owned o = mine.get(random.nextInt(mine.size()));
    if (dice < 45) {
      long raw = random.nextLong(TOTAL / 16);
      long target = o.held + 2 * raw;
      if (attempt(() -> o.reservation.growForRawBytes(raw), target)) {
        o.held = Math.max(o.held, target);
      }
    } else if (dice < 65) {
      // now and then beyond the whole budget
      long target = random.nextLong(TOTAL + TOTAL / 20);
      if (attempt(() -> o.reservation.growTo(target), target)) {
        o.held = Math.max(o.held, target);
      }
    } else if (dice < 80) {
      long target = random.nextLong(o.held + 1);
      o.reservation.shrinkTo(target);
      o.held = target;
    } else if (dice < 95) {
      parse(budget, random, o);
    } else {
      o.reservation.release();
      if (random.nextBoolean()) {
        o.reservation.release();
      }
      mine.remove(o);
      free.add(o.exchange);
    }
  }

  private void parse(BodyMemoryBudget budget, Random random, Owned o) {
    byte[] body = new byte[random.nextInt(4096)];
    byte[] alphabet = {'{', '[', ',', ':', '"', '\\', 'a', ' '};
    for (int i = 0; i < body.length; i++) {
      body[i] = alphabet[random.nextInt(alphabet.length)];
    }
    long nodes = BodyMemoryBudget.structuralCharacters(body);
    long peak = 5L * body.length + nodes * 96;
    if (attempt(() -> budget.parse(o.exchange, body, bytes -> bytes), peak)) {
      o.held = Math.min(Math.max(o.held, peak), 2L * body.length + nodes * 96);
    }
  }

  /** Runs a growth to {@code target}; false if refused, and the refusal must be the right one. */
  private boolean attempt(Runnable growth, long target) {
    try {
      growth.run();
      return true;
    } catch (ApiException refused) {
      boolean beyondTotal = target > TOTAL;
      HttpStatus expected =
          beyondTotal ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.SERVICE_UNAVAILABLE;
      (beyondTotal ? tooLarge : busy).incrementAndGet();
      if (refused.status() != expected) {
        failures.add("growth to " + target + " refused with " + refused.status());
      }
      return false;
    }
  }
}
