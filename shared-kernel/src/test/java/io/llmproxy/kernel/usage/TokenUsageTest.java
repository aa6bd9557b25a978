package io.llmproxy.kernel.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenUsageTest {

  @Test
  void zeroIsAValidCountForEveryField() {
    var none = new TokenUsage(0, 0, 0, 0, 0);
    assertThat(none).isEqualTo(TokenUsage.NONE);
    assertThat(none.uncachedPromptTokens()).isZero();
  }

  @Test
  void everyNegativeCountIsRefused() {
    assertRefused(-1, 0, 0, 0, 0);
    assertRefused(0, -1, 0, 0, 0);
    assertRefused(0, 0, -1, 0, 0);
    assertRefused(1, 0, 1, -1, 0);
    assertRefused(1, 0, 1, 0, -1);
  }

  @Test
  void aPromptMayBeEntirelyCachedButNoMore() {
    var allCached = new TokenUsage(10, 0, 10, 6, 4);
    assertThat(allCached.uncachedPromptTokens()).isZero();
    assertRefused(10, 0, 10, 7, 4);
    assertRefused(10, 0, 10, 11, 0);
    assertRefused(10, 0, 10, 0, 11);
  }

  @Test
  void theTotalOfASimpleUsageIsPromptPlusCompletion() {
    assertThat(TokenUsage.of(17, 5)).isEqualTo(new TokenUsage(17, 5, 22, 0, 0));
  }

  @Test
  void uncachedPromptTokensLeaveOutBothCacheFigures() {
    assertThat(new TokenUsage(100, 7, 107, 30, 20).uncachedPromptTokens()).isEqualTo(50);
  }

  private static void assertRefused(
      long prompt, long completion, long total, long cached, long written) {
    assertThatThrownBy(() -> new TokenUsage(prompt, completion, total, cached, written))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
