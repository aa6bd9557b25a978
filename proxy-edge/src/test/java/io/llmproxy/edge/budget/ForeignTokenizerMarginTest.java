package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ForeignTokenizerMarginTest {

  @Test
  void openAiModelsAreReservedAtTheirLocalCount() {
    for (String model : new String[] {"gpt-4o-mini", "o3", "gpt4o-deployment", "mock-1"}) {
      assertThat(ForeignTokenizerMargin.applied(model, 1_001)).isEqualTo(BigInteger.valueOf(1_001));
    }
  }

  @Test
  void otherFamiliesAreReservedAtHalfAgainRoundedUp() {
    assertThat(ForeignTokenizerMargin.applied("claude-sonnet-4-5", 1_001))
        .isEqualTo(BigInteger.valueOf(1_502));
    assertThat(ForeignTokenizerMargin.applied("gemini-2.5-flash", 1_000))
        .isEqualTo(BigInteger.valueOf(1_500));
    // a count of 0 is 0 either way: a model without a name must be shown to be taken as foreign
    assertThat(ForeignTokenizerMargin.applied(null, 0)).isEqualTo(BigInteger.ZERO);
    assertThat(ForeignTokenizerMargin.applied(null, 2)).isEqualTo(BigInteger.valueOf(3));
    assertThat(ForeignTokenizerMargin.applied("GPT-4o", 7)).isEqualTo(BigInteger.valueOf(7));
  }
}
