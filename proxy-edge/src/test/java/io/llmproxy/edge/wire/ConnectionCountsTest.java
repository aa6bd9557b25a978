package io.llmproxy.edge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionCountsTest {

  @Test
  void theConnectionOverTheNodesCapIsRefusedUntilOneCloses() {
    ConnectionCounts counts = new ConnectionCounts(2, 10);
    assertThat(counts.openOne()).isTrue();
    assertThat(counts.openOne()).isTrue();
    assertThat(counts.openOne()).isFalse();
    counts.closeOne();
    assertThat(counts.openOne()).isTrue();
    assertThat(counts.openOne()).isFalse();
  }

  @Test
  void eachClientHasItsOwnPlacesAndGetsThemBack() {
    ConnectionCounts counts = new ConnectionCounts(100, 2);
    assertThat(counts.admit("203.0.113.7")).isTrue();
    assertThat(counts.admit("203.0.113.7")).isTrue();
    assertThat(counts.admit("203.0.113.7")).isFalse();
    assertThat(counts.admit("203.0.113.8")).isTrue();
    counts.release("203.0.113.7");
    assertThat(counts.admit("203.0.113.7")).isTrue();
    assertThat(counts.admit("203.0.113.7")).isFalse();
  }
}
