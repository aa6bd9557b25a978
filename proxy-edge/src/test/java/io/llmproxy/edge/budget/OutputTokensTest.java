package io.llmproxy.edge.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The output side of a reservation is exact, whatever the client's numbers. */
class OutputTokensTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long ROUTE_MAX = 16_384;

  @Test
  void aLimitTimesChoicesThatOverflowsALongStaysExact() {
    assertThat(most("{\"max_tokens\":4611686018427387904,\"n\":2}"))
        .isEqualTo(BigInteger.TWO.pow(63));
    assertThat(most("{\"max_tokens\":" + "9".repeat(40) + ",\"n\":128}"))
        .isEqualTo(new BigInteger("9".repeat(40)).multiply(BigInteger.valueOf(128)));
  }

  @Test
  void withoutALimitTheRouteMaximumIsReservedForEveryChoice() {
    assertThat(most("{}")).isEqualTo(BigInteger.valueOf(ROUTE_MAX));
    assertThat(most("{\"n\":3}")).isEqualTo(BigInteger.valueOf(3 * ROUTE_MAX));
    assertThat(most("{\"max_tokens\":\"5\"}")).isEqualTo(BigInteger.valueOf(ROUTE_MAX));
  }

  @Test
  void theLargerOfTwoLimitsAndEveryCompletionOfABatchAreReserved() {
    assertThat(most("{\"max_tokens\":10,\"max_completion_tokens\":30}"))
        .isEqualTo(BigInteger.valueOf(30));
    assertThat(most("{\"max_tokens\":10,\"n\":2,\"best_of\":5,\"prompt\":[\"a\",\"b\",\"c\"]}"))
        .isEqualTo(BigInteger.valueOf(10 * 5 * 3));
    assertThat(most("{\"max_tokens\":10,\"prompt\":[1,2,3]}")).isEqualTo(BigInteger.TEN);
    assertThat(most("{\"max_tokens\":-10,\"n\":-3}")).isEqualTo(BigInteger.ZERO);
  }

  private static BigInteger most(String request) {
    try {
      JsonNode node = JSON.readTree(request);
      return CostCeiling.OutputTokens.most(node, ROUTE_MAX);
    } catch (Exception e) {
      throw new IllegalArgumentException(request, e);
    }
  }
}
