package io.llmproxy.edge.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecentPositionsTest {

  private static final long WINDOW = TimeUnit.SECONDS.toNanos(10);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final RecentPositions positions = new RecentPositions(WINDOW);

  @Test
  void aRowThatCommitsBelowRowsAlreadyAppliedIsStillFoundWithinTheWindow() {
    // index 3 was taken first but its transaction commits after 4 and 5 were read
    positions.applied(4);
    positions.applied(5);
    positions.pollEnded(0);
    positions.pollEnded(3 * SECOND);

    assertThat(positions.floor()).isZero();
    assertThat(positions.isNew(3)).isTrue();
    assertThat(positions.isNew(4)).isFalse();
    assertThat(positions.isNew(5)).isFalse();
  }

  @Test
  void theFloorRisesToWhatWasAppliedAWindowAgoAndNoHigher() {
    positions.applied(5);
    positions.pollEnded(0);
    positions.applied(9);
    positions.pollEnded(4 * SECOND);

    positions.pollEnded(9 * SECOND);
    assertThat(positions.floor()).as("nothing is a window old yet").isZero();

    positions.pollEnded(10 * SECOND);
    assertThat(positions.floor()).isEqualTo(5);
    assertThat(positions.isNew(7)).as("below 9, which a window ago was not yet read").isTrue();
    assertThat(positions.isNew(9)).isFalse();

    positions.pollEnded(14 * SECOND);
    assertThat(positions.floor()).isEqualTo(9);
    assertThat(positions.isNew(10)).isTrue();
  }
}
