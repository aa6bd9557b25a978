package io.llmproxy.edge.adminauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignedOutSessionsTest {

  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  private final MovableClock clock = new MovableClock();
  private final SignedOutSessions signedOut = new SignedOutSessions(clock);

  @Test
  void anIdIsKeptUntilItsTokenExpiresAndNoLonger() {
    signedOut.add("short", T0.plusSeconds(60));
    signedOut.add("long", T0.plusSeconds(3600));
    signedOut.add("already expired", T0);
    assertThat(signedOut.contains("short")).isTrue();
    assertThat(signedOut.contains("already expired")).isFalse();

    clock.now = T0.plusSeconds(61);
    signedOut.add("later", T0.plusSeconds(3661));
    assertThat(signedOut.contains("short")).isFalse();
    assertThat(signedOut.contains("long")).isTrue();
    assertThat(signedOut.size()).isEqualTo(2);
  }

  private static final class MovableClock extends Clock {
    private Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
