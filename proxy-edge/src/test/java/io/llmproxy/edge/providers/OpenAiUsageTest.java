package io.llmproxy.edge.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmproxy.kernel.usage.TokenUsage;
import org.junit.jupiter.api.Test;

class OpenAiUsageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsCountsAndCacheDetails() throws Exception {
    assertThat(
            OpenAiUsage.in(
                JSON.readTree(
                    "{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":20}}}")))
        .contains(new TokenUsage(12, 5, 17, 12, 0));
  }

  @Test
  void countsWhoseSumIsNoCountAreNoUsage() throws Exception {
    // a hostile upstream: the sum would overflow into a negative count
    assertThat(
            OpenAiUsage.in(
                JSON.readTree(
                    "{\"usage\":{\"prompt_tokens\":9223372036854775807,\"completion_tokens\":5}}")))
        .isEmpty();
    assertThat(
            OpenAiUsage.in(
                JSON.readTree(
                    "{\"usage\":{\"prompt_tokens\":9223372036854775800,\"completion_tokens\":7}}")))
        .contains(new TokenUsage(9223372036854775800L, 7, Long.MAX_VALUE, 0, 0));
  }
}
